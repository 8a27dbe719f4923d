package dev.parapet.bench;

import dev.parapet.model.Location;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the command lines of running components from {@code /proc/<pid>/cmdline} (arguments
 * separated by NUL bytes), read-only: nothing is written, signalled or executed. A process that
 * ends while the directory is read is skipped; one the user may not read is reported as a warning.
 */
public final class ProcReader {
  /** Largest cmdline read; Linux caps the argument area at about 2 MiB by default. */
  public static final int MAX_CMDLINE_BYTES = 4 << 20;

  private ProcReader() {}

  /** The components running under {@code procRoot} (normally {@code /proc}), by PID. */
  public static CommandLines.Result read(Path procRoot) {
    List<Problem> problems = new ArrayList<>();
    TreeMap<Long, Path> pids = new TreeMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (!name.isEmpty() && name.length() < 19 && name.chars().allMatch(Character::isDigit)) {
          pids.put(Long.parseLong(name), d);
        }
      }
    } catch (IOException e) {
      problems.add(
          Problem.error(procRoot.toString(), 0, 0, "cannot list processes: " + describe(e)));
      return new CommandLines.Result(List.of(), problems);
    }
    List<ComponentSettings> out = new ArrayList<>();
    for (Path dir : pids.values()) {
      Path file = dir.resolve("cmdline");
      byte[] bytes;
      try {
        bytes = readBounded(file);
      } catch (NoSuchFileException e) {
        continue; // the process ended meanwhile
      } catch (IOException e) {
        problems.add(
            Problem.warning(file.toString(), 0, 0, "cannot read command line: " + describe(e)));
        continue;
      }
      if (bytes == null) {
        problems.add(
            Problem.warning(
                file.toString(),
                0,
                0,
                "command line skipped: more than " + MAX_CMDLINE_BYTES + " bytes"));
        continue;
      }
      parse(file.toString(), bytes, problems).ifPresent(out::add);
    }
    return new CommandLines.Result(out, problems);
  }

  /** One process's NUL-separated command line, when it runs a known component. */
  static Optional<ComponentSettings> parse(String file, byte[] bytes, List<Problem> problems) {
    List<String> words = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        words.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      words.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
    }
    if (words.isEmpty()) {
      return Optional.empty(); // a kernel thread or a zombie
    }
    if (words.size() == 1 && words.get(0).contains(" ")) {
      // a process that rewrote its argv into one string (setproctitle): split it as ps shows it
      words = List.of(words.get(0).strip().split("\\s+"));
    }
    Optional<Component> component = Component.ofCommand(words.get(0));
    if (component.isEmpty()) {
      return Optional.empty();
    }
    Location where = new Location(file, 0, 0, 0, "", null);
    List<CommandLines.Arg> args = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      // the argument's index as its pointer, so evidence can say which word it was
      args.add(
          new CommandLines.Arg(
              words.get(i), Optional.of(new Location(file, 0, 0, 0, "/" + i, null))));
    }
    return Optional.of(
        new ComponentSettings(
            component.get(),
            file,
            Optional.of(where),
            CommandLines.flags(component.get(), args, file, 0, problems)));
  }

  private static byte[] readBounded(Path file) throws IOException {
    if (Files.isSymbolicLink(file)) {
      throw new IOException("is a symbolic link");
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(MAX_CMDLINE_BYTES + 1);
      return bytes.length > MAX_CMDLINE_BYTES ? null : bytes;
    }
  }

  private static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
