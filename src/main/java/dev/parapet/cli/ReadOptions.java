package dev.parapet.cli;

import dev.parapet.source.Limits;
import picocli.CommandLine.Option;

/** The bounds on reading inputs, and how much to say on standard error. */
class ReadOptions {
  @Option(
      names = "--max-file-size",
      paramLabel = "BYTES",
      description = "Largest file read (default: ${DEFAULT-VALUE}).")
  long maxFileSize = Limits.DEFAULT.maxFileBytes();

  @Option(
      names = "--max-document-size",
      paramLabel = "CHARS",
      description = "Largest YAML document read (default: ${DEFAULT-VALUE}).")
  long maxDocumentSize = Limits.DEFAULT.maxDocumentBytes();

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description = "Deepest nesting accepted in a document (default: ${DEFAULT-VALUE}).")
  int maxDepth = Limits.DEFAULT.maxDepth();

  @Option(
      names = "--max-alias-nodes",
      paramLabel = "N",
      description =
          "Nodes a document may add by YAML alias expansion, against billion-laughs input"
              + " (default: ${DEFAULT-VALUE}).")
  int maxAliasNodes = Limits.DEFAULT.maxAliasNodes();

  @Option(names = "--debug", description = "Print stack traces of internal errors.")
  boolean debug;

  @Option(
      names = {"-v", "--verbose"},
      description = "Diagnostics on standard error: what was read, how long each step took.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      description = "Only errors on standard error, no warnings.")
  boolean quiet;

  /** Configures slf4j-simple before the first logger exists; diagnostics go to stderr. */
  void configureLogging() {
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
    System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
    System.setProperty(
        "org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : quiet ? "error" : "warn");
  }

  Limits limits() {
    try {
      return new Limits(maxFileSize, maxDocumentSize, maxDepth, maxAliasNodes);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
  }
}
