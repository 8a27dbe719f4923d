package dev.parapet.source;

import java.util.List;

/** The documents read from one file and the problems met on the way. */
public record ParsedFile(String file, List<Document> documents, List<Problem> problems) {
  public ParsedFile {
    documents = List.copyOf(documents);
    problems = List.copyOf(problems);
  }
}
