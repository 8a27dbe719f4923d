package dev.parapet.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns the paths a user names into parsed files: directories are walked for {@code .yaml}, {@code
 * .yml} and {@code .json} files, {@code -} reads standard input, and all documents are parsed in
 * parallel (they are independent), results kept in input order.
 */
public final class SourceLoader {
  /** Display name of standard input in messages and findings. */
  public static final String STDIN = "<stdin>";

  private final Limits limits;
  private final YamlReader reader;

  public SourceLoader(Limits limits) {
    this.limits = limits;
    this.reader = new YamlReader(limits);
  }

  /** The files under the given paths, in a stable order, with problems for missing paths. */
  public static List<Path> expand(List<String> paths, List<Problem> problems) {
    List<Path> files = new ArrayList<>();
    for (String p : paths) {
      if (p.equals("-")) {
        continue;
      }
      Path path = Path.of(p);
      if (Files.isDirectory(path)) {
        files.addAll(walk(path, problems));
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        problems.add(Problem.error(p, 0, 0, "no such file or directory"));
      }
    }
    return files;
  }

  private static List<Path> walk(Path dir, List<Problem> problems) {
    List<Path> found = new ArrayList<>();
    try {
      // links are followed (a ConfigMap mounted as a directory is all links); loops are reported
      Files.walkFileTree(
          dir,
          java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              String name = d.getFileName() == null ? "" : d.getFileName().toString();
              if (!d.equals(dir) && name.startsWith(".")) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && isManifest(f)) {
                found.add(f);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              if (e instanceof java.nio.file.FileSystemLoopException) {
                problems.add(Problem.warning(f.toString(), 0, 0, "link loop; not followed"));
              } else {
                problems.add(Problem.error(f.toString(), 0, 0, "cannot read: " + e.getMessage()));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.add(Problem.error(dir.toString(), 0, 0, "cannot walk directory: " + e.getMessage()));
    }
    found.sort(Comparator.comparing(Path::toString));
    return found;
  }

  static boolean isManifest(Path f) {
    String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  /**
   * Reads and parses every input. {@code stdin} is read when a path is {@code -}; the problems of
   * unreadable paths are included in the result's first entries.
   */
  public LoadResult load(List<String> paths, InputStream stdin) {
    List<Problem> problems = new ArrayList<>();
    List<YamlReader.Prepared> prepared = new ArrayList<>();
    for (String p : paths) {
      if (p.equals("-")) {
        try {
          prepared.add(reader.prepare(STDIN, stdin.readAllBytes()));
        } catch (IOException e) {
          problems.add(Problem.error(STDIN, 0, 0, "cannot read: " + e.getMessage()));
        }
        continue;
      }
      for (Path f : expand(List.of(p), problems)) {
        try {
          long size = Files.size(f);
          // checked before reading, so that a huge file costs a message, not the heap
          prepared.add(
              size > limits.maxFileBytes()
                  ? reader.prepare(f.toString(), size)
                  : reader.prepare(f.toString(), Files.readAllBytes(f)));
        } catch (IOException | UncheckedIOException | OutOfMemoryError e) {
          problems.add(Problem.error(f.toString(), 0, 0, "cannot read: " + e.getMessage()));
        }
      }
    }
    List<YamlReader.Chunk> chunks = new ArrayList<>();
    for (YamlReader.Prepared p : prepared) {
      chunks.addAll(p.chunks());
    }
    List<YamlReader.ChunkResult> results = chunks.parallelStream().map(reader::parse).toList();
    List<ParsedFile> files = new ArrayList<>();
    int next = 0;
    for (YamlReader.Prepared p : prepared) {
      int n = p.chunks().size();
      files.add(YamlReader.assemble(p, results.subList(next, next + n)));
      next += n;
    }
    return new LoadResult(files, problems);
  }

  /** All parsed files plus problems that belong to no file (missing paths). */
  public record LoadResult(List<ParsedFile> files, List<Problem> problems) {
    public LoadResult {
      files = List.copyOf(files);
      problems = List.copyOf(problems);
    }

    public List<Problem> allProblems() {
      List<Problem> all = new ArrayList<>(problems);
      files.forEach(f -> all.addAll(f.problems()));
      return all;
    }
  }
}
