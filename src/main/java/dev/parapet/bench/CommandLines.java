package dev.parapet.bench;

import dev.parapet.model.Location;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Component command lines: a text file of {@code ps}-style lines ({@code ps -ef}, {@code ps aux},
 * {@code ps -eo args} or bare command lines, one process per line), and the flag parser shared with
 * {@link ProcReader} and static pod manifests.
 *
 * <p>Flags are read as Go's pflag reads them ({@code etcd} uses Go's flag package, which also
 * accepts one dash before a long name): {@code --flag=value}; {@code --flag value} for a flag that
 * is not boolean; a bare {@code --flag} is {@code true}; {@code -v=2}, {@code -v 2} and {@code -v2}
 * for one-letter shorthands; {@code --} ends the flags. pflag knows each flag's type and a scanner
 * does not, so the boolean flags of each component are listed in {@code boolean-flags.txt}; a flag
 * not listed takes the next word as its value unless that word starts with {@code --}.
 */
public final class CommandLines {
  /** Largest process list read. */
  public static final int MAX_BYTES = 16 << 20;

  /** Longest line (one command line) read; Linux caps a command line at about 2 MiB. */
  public static final int MAX_LINE_CHARS = 4 << 20;

  /** What was read: the components found, in input order, and what was wrong. */
  public record Result(List<ComponentSettings> components, List<Problem> problems) {
    public Result {
      components = List.copyOf(components);
      problems = List.copyOf(problems);
    }
  }

  /** One word of a command line, with where it was written. */
  public record Arg(String text, Optional<Location> location) {}

  private static final Pattern TIME = Pattern.compile("(\\d+-)?\\d+:\\d\\d(:\\d\\d)?(\\.\\d+)?");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Map<String, Set<String>> BOOLEANS = loadBooleans();

  private CommandLines() {}

  /** True when {@code flag} (without dashes) is a boolean flag of {@code component}. */
  public static boolean isBoolean(Component component, String flag) {
    return BOOLEANS.getOrDefault("*", Set.of()).contains(flag)
        || BOOLEANS.getOrDefault(component.binary(), Set.of()).contains(flag);
  }

  /** Reads a process list; lines that run no known component are skipped silently. */
  public static Result parse(String file, String text) {
    List<ComponentSettings> out = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    if (text.length() > MAX_BYTES) {
      problems.add(
          Problem.error(
              file,
              0,
              0,
              "cannot read process list: "
                  + text.length()
                  + " characters, more than the limit of "
                  + MAX_BYTES));
      return new Result(out, problems);
    }
    int headerColumns = -1;
    int lineNo = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNo++;
      String raw = text.substring(start, end);
      start = end + 1;
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      if (line.length() > MAX_LINE_CHARS) {
        problems.add(
            Problem.warning(
                file,
                lineNo,
                1,
                "process line skipped: "
                    + line.length()
                    + " characters, more than the limit of "
                    + MAX_LINE_CHARS));
        continue;
      }
      List<int[]> words = words(line);
      if (words.isEmpty() || line.strip().startsWith("#")) {
        continue;
      }
      List<String> texts = words.stream().map(w -> line.substring(w[0], w[1])).toList();
      int header = headerColumns(texts);
      if (header >= 0) {
        headerColumns = header;
        continue;
      }
      int cmd = commandIndex(texts, headerColumns);
      if (cmd < 0 || cmd >= texts.size()) {
        continue;
      }
      Optional<Component> component = Component.ofCommand(texts.get(cmd));
      if (component.isEmpty()) {
        continue;
      }
      List<Arg> args = new ArrayList<>();
      for (int i = cmd + 1; i < texts.size(); i++) {
        args.add(
            new Arg(
                texts.get(i),
                Optional.of(new Location(file, 0, lineNo, words.get(i)[0] + 1, "", null))));
      }
      Location where = new Location(file, 0, lineNo, words.get(cmd)[0] + 1, "", null);
      out.add(
          new ComponentSettings(
              component.get(),
              file + ":" + lineNo,
              Optional.of(where),
              flags(component.get(), args, file, lineNo, problems)));
      if (line.endsWith("+") && texts.get(texts.size() - 1).endsWith("+")) {
        problems.add(
            Problem.warning(
                file,
                lineNo,
                words.get(words.size() - 1)[0] + 1,
                "the command line looks cut at the terminal width (ps without 'ww'); flags after"
                    + " the cut are missing"));
      }
    }
    return new Result(out, problems);
  }

  /**
   * The flags of a command line, in order, as pflag reads them; {@code file} and {@code line} name
   * where the command line is for problems when an argument has no location of its own. This is the
   * one reader of flags: static pod manifests, process lists and {@code /proc} all come here.
   *
   * <p>{@code --name=value}; {@code --name value}; a bare {@code --name} for a boolean (true). A
   * boolean never takes the next word, so {@code --profiling false} sets profiling and leaves
   * {@code false} as a stray argument. A flag known to take a value (one with an upstream default)
   * takes the next word whatever it is ({@code --audit-log-path -}); another flag takes it unless
   * it looks like a flag ({@code --x}, {@code -v}), so {@code --pod-max-pids -1} keeps its value. A
   * one-letter shorthand takes its value attached ({@code -v2}, {@code -v=2}); etcd, on Go's flag
   * package, reads {@code -name} as {@code --name}. The components refuse arguments that are not
   * flags, and words after {@code --} are not flags: each is warned about.
   */
  public static List<Setting> flags(
      Component component, List<Arg> args, String file, int line, List<Problem> problems) {
    Defaults defaults = Defaults.shipped();
    List<Setting> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Arg arg = args.get(i);
      String a = arg.text();
      if (a.equals("--")) {
        for (int j = i + 1; j < args.size(); j++) {
          stray(component, args.get(j), file, line, problems);
        }
        break;
      }
      if (!a.startsWith("-") || a.equals("-")) {
        stray(component, arg, file, line, problems);
        continue;
      }
      boolean longForm = a.startsWith("--");
      String body = a.substring(longForm ? 2 : 1);
      if (body.isEmpty() || body.startsWith("-") || body.startsWith("=")) {
        problems.add(problem(arg, file, line, "bad flag syntax: " + a + "; ignored"));
        continue;
      }
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      if (!longForm && name.length() > 1 && component != Component.ETCD) {
        // pflag shorthand: -v2 is -v with value 2 (a one-letter flag followed by its value)
        String rest = body.substring(1);
        name = body.substring(0, 1);
        if (isBoolean(component, name, defaults)) {
          out.add(new Setting(name, "true", arg.location()));
        } else {
          out.add(
              new Setting(name, rest.startsWith("=") ? rest.substring(1) : rest, arg.location()));
        }
        continue;
      }
      if (eq >= 0) {
        out.add(new Setting(name, body.substring(eq + 1), arg.location()));
        continue;
      }
      if (isBoolean(component, name, defaults)) {
        out.add(new Setting(name, "true", arg.location()));
        continue;
      }
      if (i + 1 < args.size()
          && (defaults.isKnownValueFlag(component, name) || !looksLikeFlag(args.get(i + 1)))) {
        out.add(new Setting(name, args.get(i + 1).text(), arg.location()));
        i++;
        continue;
      }
      // an unlisted boolean flag, or a value flag missing its value (pflag would stop there)
      out.add(new Setting(name, "true", arg.location()));
    }
    return out;
  }

  private static boolean isBoolean(Component component, String flag, Defaults defaults) {
    return isBoolean(component, flag) || defaults.isBoolean(component, flag);
  }

  /** {@code --x} or a shorthand {@code -v}; not {@code -1} or a lone {@code -}. */
  private static boolean looksLikeFlag(Arg next) {
    String t = next.text();
    return t.startsWith("--")
        || (t.length() > 1 && t.charAt(0) == '-' && Character.isLetter(t.charAt(1)));
  }

  private static void stray(
      Component component, Arg arg, String file, int line, List<Problem> problems) {
    problems.add(
        problem(
            arg,
            file,
            line,
            "'"
                + arg.text()
                + "' is not a flag; "
                + component.binary()
                + " refuses arguments that are not flags (a boolean flag takes its value as"
                + " --flag=value)"));
  }

  private static Problem problem(Arg arg, String file, int line, String message) {
    return arg.location()
        .map(l -> Problem.warning(l.file(), l.line(), l.column(), message))
        .orElse(Problem.warning(file, line, 0, message));
  }

  /** Start and end of each whitespace-separated word. */
  private static List<int[]> words(String line) {
    List<int[]> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int s = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > s) {
        out.add(new int[] {s, i});
      }
    }
    return out;
  }

  /**
   * The number of columns before the command when the line is a {@code ps} header ({@code UID PID
   * PPID C STIME TTY TIME CMD}, {@code USER PID ... COMMAND}), else -1.
   */
  private static int headerColumns(List<String> words) {
    String last = words.get(words.size() - 1);
    if (words.size() >= 2
        && words.contains("PID")
        && (last.equals("CMD") || last.equals("COMMAND") || last.equals("ARGS"))) {
      return words.size() - 1;
    }
    return -1;
  }

  /**
   * Where the command starts: at the first word when it is a component not followed by a PID; after
   * the columns a header announced; else after a {@code ps} TIME column when the line has a PID in
   * its second word ({@code ps -ef}, {@code ps aux}); else after a leading PID ({@code ps -eo
   * pid,args}); else at the first word.
   */
  private static int commandIndex(List<String> words, int headerColumns) {
    if (Component.ofCommand(words.get(0)).isPresent()
        && (words.size() == 1 || !DIGITS.matcher(words.get(1)).matches())) {
      return 0; // a bare command line, even after a ps listing in the same file
    }
    if (headerColumns >= 0) {
      return headerColumns;
    }
    if (words.size() > 2 && DIGITS.matcher(words.get(1)).matches()) {
      for (int i = 2; i < words.size() - 1; i++) {
        if (TIME.matcher(words.get(i)).matches()) {
          return i + 1;
        }
      }
    }
    if (DIGITS.matcher(words.get(0)).matches() && words.size() > 1) {
      return 1;
    }
    return 0;
  }

  private static Map<String, Set<String>> loadBooleans() {
    Map<String, Set<String>> out = new HashMap<>();
    try (InputStream in = CommandLines.class.getResourceAsStream("boolean-flags.txt")) {
      if (in == null) {
        throw new IllegalStateException("boolean-flags.txt missing from the jar");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] parts = l.split("\\s+");
        Set<String> flags = out.computeIfAbsent(parts[0], k -> new HashSet<>());
        for (int i = 1; i < parts.length; i++) {
          flags.add(parts[i]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Set<String>> frozen = new HashMap<>();
    out.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
    return Map.copyOf(frozen);
  }
}
