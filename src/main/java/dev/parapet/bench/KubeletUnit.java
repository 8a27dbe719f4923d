package dev.parapet.bench;

import dev.parapet.model.Location;
import dev.parapet.source.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The kubelet's command line as systemd starts it, read from the {@code kubelet.service} unit of a
 * node's file tree ({@link NodeFiles}, so nothing outside the tree is read), for CIS section 4.2
 * (the kubelet's flags) and 4.1.1/4.1.2 (the unit files' permissions and owners).
 *
 * <p>As systemd does (<a
 * href="https://www.freedesktop.org/software/systemd/man/latest/systemd.unit.html">systemd.unit(5)</a>,
 * <a
 * href="https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html">systemd.service(5)</a>,
 * <a
 * href="https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html">systemd.exec(5)</a>):
 *
 * <ul>
 *   <li>the unit file is the first {@code kubelet.service} found in {@link #UNIT_DIRS}, {@code
 *       /etc} first; drop-ins are the {@code kubelet.service.d/*.conf} of all those directories,
 *       applied after it in the lexical order of their file names, a name in a directory earlier in
 *       the list hiding the same name in a later one (so {@code /etc} overrides {@code /usr/lib});
 *   <li>lines starting with {@code #} or {@code ;} are comments, a line ending in a backslash goes
 *       on on the next one (the backslash becomes a space), only the {@code [Service]} section
 *       counts;
 *   <li>{@code ExecStart=} with an empty value resets the list, as kubeadm's {@code
 *       10-kubeadm.conf} does before it sets its own; a simple service has exactly one left or does
 *       not start;
 *   <li>{@code Environment=} takes several assignments, quoted or not ({@code Environment="A=x y"
 *       B=z}); {@code EnvironmentFile=} names a file of {@code KEY=value} lines ({@code -} in
 *       front: a missing file is ignored), whose values override {@code Environment=}; an empty
 *       value resets either list;
 *   <li>in {@code ExecStart=}, a word that is exactly {@code $NAME} becomes the variable's value
 *       split into words at whitespace (quotes removed), zero words when it is unset; {@code
 *       ${NAME}} anywhere in a word is replaced by the value as it is, always one word; {@code $$}
 *       is a dollar sign; any other {@code $} stays as written (systemd's {@code replace_env_argv}
 *       in {@code src/basic/env-util.c}).
 * </ul>
 *
 * <p>Each flag is located where its word was written: the unit or drop-in line for words of the
 * {@code ExecStart=} line and of {@code Environment=} values, the environment file line for words
 * of an {@code EnvironmentFile=} variable. Not read: the manager's own environment ({@code
 * DefaultEnvironment=}), {@code service.d/} drop-ins for every service, globs in {@code
 * EnvironmentFile=}, {@code ${A:-b}} forms (systemd does not expand them in command lines either)
 * and specifiers other than {@code %%}, {@code %n}, {@code %N} and {@code %p}.
 */
public final class KubeletUnit {
  /** The unit read. */
  public static final String UNIT = "kubelet.service";

  /**
   * Where systemd looks for system units, most important first (systemd.unit(5), "Unit load path").
   */
  public static final List<String> UNIT_DIRS =
      List.of(
          "/etc/systemd/system.control",
          "/run/systemd/system.control",
          "/etc/systemd/system",
          "/run/systemd/system",
          "/usr/local/lib/systemd/system",
          "/usr/lib/systemd/system",
          "/lib/systemd/system");

  /** Largest unit, drop-in or environment file read (systemd refuses lines over 1 MiB too). */
  public static final int MAX_FILE_BYTES = 1 << 20;

  /** Most drop-ins and environment files read; kubeadm's nodes have one of each or two. */
  public static final int MAX_DROP_INS = 1000;

  public static final int MAX_ENVIRONMENT_FILES = 100;

  /** Longest command line after expansion; Linux refuses much shorter ones (ARG_MAX). */
  public static final int MAX_COMMAND_CHARS = 4 << 20;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String WHITESPACE = " \t\n\r";

  /**
   * What was read.
   *
   * @param kubelet the kubelet's flags, when the unit starts the kubelet
   * @param unitFiles the unit file and the drop-ins applied, in the order applied, with their modes
   *     and owners (CIS 4.1.1 and 4.1.2)
   * @param environmentFiles the environment files read, in order
   * @param problems what could not be read, or would keep systemd from starting the kubelet
   */
  public record Result(
      Optional<ComponentSettings> kubelet,
      List<NodeFiles.FileInfo> unitFiles,
      List<NodeFiles.FileInfo> environmentFiles,
      List<Problem> problems) {
    public Result {
      unitFiles = List.copyOf(unitFiles);
      environmentFiles = List.copyOf(environmentFiles);
      problems = List.copyOf(problems);
    }
  }

  private KubeletUnit() {}

  /** Reads {@code kubelet.service}, its drop-ins and environment files from the tree. */
  public static Result read(NodeFiles files) {
    return new Reader(files).read();
  }

  // ---------------------------------------------------------------------------------------------
  // Text that remembers where each character was written.

  /** Characters with the file, line and column each came from. */
  private static final class Text {
    final String file;
    final StringBuilder chars = new StringBuilder();
    int[] lines = new int[16];
    int[] cols = new int[16];

    Text(String file) {
      this.file = file;
    }

    void add(char c, int line, int col) {
      if (chars.length() == lines.length) {
        lines = Arrays.copyOf(lines, lines.length * 2);
        cols = Arrays.copyOf(cols, cols.length * 2);
      }
      lines[chars.length()] = line;
      cols[chars.length()] = col;
      chars.append(c);
    }

    void addFrom(Text t, int i) {
      add(t.chars.charAt(i), t.lines[i], t.cols[i]);
    }

    void addAll(Text t) {
      for (int i = 0; i < t.length(); i++) {
        addFrom(t, i);
      }
    }

    int length() {
      return chars.length();
    }

    char at(int i) {
      return chars.charAt(i);
    }

    Text sub(int from, int to) {
      Text t = new Text(file);
      for (int i = from; i < to; i++) {
        t.addFrom(this, i);
      }
      return t;
    }

    Text strip() {
      int s = 0;
      int e = length();
      while (s < e && Character.isWhitespace(at(s))) {
        s++;
      }
      while (e > s && Character.isWhitespace(at(e - 1))) {
        e--;
      }
      return sub(s, e);
    }

    int indexOf(char c) {
      return chars.indexOf(String.valueOf(c));
    }

    @Override
    public String toString() {
      return chars.toString();
    }
  }

  /** One word with where its first character (or its opening quote) was written. */
  private record Word(String text, String file, int line, int col, Text source) {
    Location location() {
      return new Location(file, 0, line, col, "", null);
    }
  }

  /** A variable's value and where its assignment was written. */
  private record Var(Text value, String file, int line, int col) {}

  private record ExecLine(Text value, String file, int line) {}

  private record EnvFileRef(String path, boolean optional, String file, int line, int col) {}

  /** A word-splitting error (unbalanced quotes, a bad escape), at a column. */
  private static final class SplitError extends Exception {
    final int line;
    final int col;

    SplitError(String message, int line, int col) {
      super(message, null, false, false);
      this.line = line;
      this.col = col;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static final class Reader {
    private final NodeFiles files;
    private final List<Problem> problems = new ArrayList<>();
    private final List<NodeFiles.FileInfo> unitFiles = new ArrayList<>();
    private final List<NodeFiles.FileInfo> envFiles = new ArrayList<>();
    private final List<ExecLine> execStart = new ArrayList<>();
    private final List<Var> environment = new ArrayList<>();
    private final List<String> environmentNames = new ArrayList<>();
    private final List<EnvFileRef> environmentFiles = new ArrayList<>();

    Reader(NodeFiles files) {
      this.files = files;
    }

    Result read() {
      Optional<String> unit = unitFile();
      if (unit.isEmpty()) {
        return result(Optional.empty());
      }
      List<String> dropIns = dropIns();
      List<String> all = new ArrayList<>();
      all.add(unit.get());
      all.addAll(dropIns);
      for (String path : all) {
        NodeFiles.Content c = files.read(path, MAX_FILE_BYTES);
        if (c.text().isEmpty()) {
          String why = c.problem().orElse("does not exist");
          problems.add(
              Problem.warning(
                  path,
                  0,
                  0,
                  "cannot read "
                      + (path.equals(unit.get()) ? "the kubelet's unit file" : "drop-in")
                      + ": "
                      + why
                      + (c.exists() || c.problem().isPresent()
                          ? ""
                          : " (a link to /dev/null masks it)")));
          continue;
        }
        unitFiles.add(files.stat(path));
        parseUnit(path, c.text().get());
      }
      Map<String, Var> env = environment();
      return result(command(env));
    }

    private Result result(Optional<ComponentSettings> kubelet) {
      return new Result(kubelet, unitFiles, envFiles, problems);
    }

    /** The first kubelet.service in the load path. */
    private Optional<String> unitFile() {
      for (String dir : UNIT_DIRS) {
        String path = dir + "/" + UNIT;
        NodeFiles.FileInfo f = files.stat(path);
        if (f.exists() && !f.directory()) {
          return Optional.of(path);
        }
        if (f.problem().isPresent()) {
          problems.add(Problem.warning(path, 0, 0, "cannot read: " + f.problem().get()));
        } else if (f.viaLink()) {
          // a link whose target is not in the tree: /dev/null (masked) or dangling; either way
          // systemd does not look further and does not start the kubelet
          problems.add(
              Problem.warning(
                  path,
                  0,
                  0,
                  UNIT
                      + " is a link to a file that is not in the tree (a link to /dev/null masks"
                      + " the unit); the kubelet is not started from it"));
          return Optional.empty();
        }
      }
      return Optional.empty();
    }

    /** The drop-ins by file name, the first directory's winning, in lexical order of name. */
    private List<String> dropIns() {
      Map<String, String> byName = new TreeMap<>();
      for (String dir : UNIT_DIRS) {
        String d = dir + "/" + UNIT + ".d";
        for (NodeFiles.FileInfo f : files.find(d, "*.conf", problems)) {
          String name = f.path().substring(f.path().lastIndexOf('/') + 1);
          boolean child = f.path().equals(d + "/" + name);
          if (child && !f.directory() && !byName.containsKey(name)) {
            if (byName.size() >= MAX_DROP_INS) {
              problems.add(
                  Problem.warning(
                      d, 0, 0, "more than " + MAX_DROP_INS + " drop-ins; the rest not read"));
              return List.copyOf(byName.values());
            }
            byName.put(name, f.path());
          }
        }
      }
      return List.copyOf(byName.values());
    }

    // --- unit file syntax ------------------------------------------------------------------------

    private void parseUnit(String file, String content) {
      String section = "";
      for (Text logical : logicalLines(file, content)) {
        Text l = logical.strip();
        String s = l.toString();
        if (s.startsWith("[")) {
          if (!s.endsWith("]")) {
            problems.add(
                Problem.warning(file, l.lines[0], l.cols[0], "invalid section header; ignored"));
            section = "";
          } else {
            section = s.substring(1, s.length() - 1);
          }
          continue;
        }
        int eq = l.indexOf('=');
        if (eq < 0) {
          problems.add(
              Problem.warning(file, l.lines[0], l.cols[0], "line without '='; systemd ignores it"));
          continue;
        }
        if (!section.equals("Service")) {
          continue;
        }
        String key = l.sub(0, eq).strip().toString();
        Text value = l.sub(eq + 1, l.length()).strip();
        int line = l.lines[0];
        switch (key) {
          case "ExecStart" -> {
            if (value.length() == 0) {
              execStart.clear();
            } else {
              execStart.add(new ExecLine(value, file, line));
            }
          }
          case "Environment" -> environmentAssignments(file, value);
          case "EnvironmentFile" -> environmentFile(file, line, value);
          default -> {
            // other settings do not change the command line
          }
        }
      }
    }

    /**
     * Logical lines: comments dropped, a line ending in an odd number of backslashes joined with
     * the next (the backslash becomes a space; comment lines inside are skipped, as systemd does).
     */
    private static List<Text> logicalLines(String file, String content) {
      List<Text> out = new ArrayList<>();
      String[] physical = content.split("\n", -1);
      Text cur = null;
      for (int i = 0; i < physical.length; i++) {
        String raw = physical[i];
        String p = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        String t = p.strip();
        if (t.startsWith("#") || t.startsWith(";") || (cur == null && t.isEmpty())) {
          continue;
        }
        if (cur == null) {
          cur = new Text(file);
        }
        int trailing = 0;
        while (trailing < p.length() && p.charAt(p.length() - 1 - trailing) == '\\') {
          trailing++;
        }
        boolean goesOn = trailing % 2 == 1;
        int end = goesOn ? p.length() - 1 : p.length();
        for (int j = 0; j < end; j++) {
          cur.add(p.charAt(j), i + 1, j + 1);
        }
        if (goesOn) {
          cur.add(' ', i + 1, end + 1);
        } else {
          out.add(cur);
          cur = null;
        }
      }
      if (cur != null) {
        out.add(cur);
      }
      return out;
    }

    /** {@code Environment=A=1 "B=two words"}: quotes removed, C escapes decoded. */
    private void environmentAssignments(String file, Text value) {
      if (value.length() == 0) {
        environment.clear();
        environmentNames.clear();
        return;
      }
      List<Word> words;
      try {
        words = split(specifiers(value), true, true);
      } catch (SplitError e) {
        problems.add(
            Problem.warning(
                file, e.line, e.col, "Environment=: " + e.getMessage() + "; line ignored"));
        return;
      }
      for (Word w : words) {
        int eq = w.text().indexOf('=');
        String name = eq < 0 ? w.text() : w.text().substring(0, eq);
        if (eq < 0 || !ENV_NAME.matcher(name).matches()) {
          problems.add(
              Problem.warning(
                  file,
                  w.line(),
                  w.col(),
                  "invalid environment assignment '" + w.text() + "'; systemd ignores it"));
          continue;
        }
        Text v = w.source().sub(eq + 1, w.source().length());
        environment.add(new Var(v, file, w.line(), w.col()));
        environmentNames.add(name);
      }
    }

    private void environmentFile(String file, int line, Text value) {
      if (value.length() == 0) {
        environmentFiles.clear();
        return;
      }
      boolean optional = value.at(0) == '-';
      String path = specifiers(optional ? value.sub(1, value.length()) : value).toString().strip();
      if (!path.startsWith("/")) {
        problems.add(
            Problem.warning(
                file,
                line,
                value.cols[0],
                "EnvironmentFile= path '" + path + "' is not absolute; systemd ignores it"));
        return;
      }
      environmentFiles.add(new EnvFileRef(path, optional, file, line, value.cols[0]));
    }

    /** {@code %%}, {@code %n}, {@code %N}, {@code %p}; other specifiers stay as written. */
    private static Text specifiers(Text t) {
      Text out = new Text(t.file);
      for (int i = 0; i < t.length(); i++) {
        char c = t.at(i);
        if (c == '%' && i + 1 < t.length()) {
          String with =
              switch (t.at(i + 1)) {
                case '%' -> "%";
                case 'n' -> UNIT;
                case 'N', 'p' -> "kubelet";
                default -> null;
              };
          if (with != null) {
            for (char r : with.toCharArray()) {
              out.add(r, t.lines[i], t.cols[i]);
            }
            i++;
            continue;
          }
        }
        out.addFrom(t, i);
      }
      return out;
    }

    // --- environment -----------------------------------------------------------------------------

    /** Environment= assignments in order, then each environment file's, which override them. */
    private Map<String, Var> environment() {
      Map<String, Var> env = new LinkedHashMap<>();
      for (int i = 0; i < environment.size(); i++) {
        env.put(environmentNames.get(i), environment.get(i));
      }
      int n = 0;
      for (EnvFileRef ref : environmentFiles) {
        if (++n > MAX_ENVIRONMENT_FILES) {
          problems.add(
              Problem.warning(
                  ref.file(),
                  ref.line(),
                  ref.col(),
                  "more than " + MAX_ENVIRONMENT_FILES + " environment files; the rest not read"));
          break;
        }
        NodeFiles.Content c = files.read(ref.path(), MAX_FILE_BYTES);
        if (c.text().isPresent()) {
          envFiles.add(files.stat(ref.path()));
          parseEnvFile(ref.path(), c.text().get(), env);
        } else if (!c.exists() && c.problem().isEmpty()) {
          if (!ref.optional()) {
            problems.add(
                Problem.warning(
                    ref.file(),
                    ref.line(),
                    ref.col(),
                    "environment file "
                        + ref.path()
                        + " does not exist and is not optional (no '-' in front); systemd refuses"
                        + " to start "
                        + UNIT));
          }
        } else {
          problems.add(
              Problem.warning(
                  ref.file(),
                  ref.line(),
                  ref.col(),
                  "cannot read environment file "
                      + ref.path()
                      + ": "
                      + c.problem().orElse("does not exist")));
        }
      }
      return env;
    }

    private enum EnvState {
      PRE_KEY,
      KEY,
      PRE_VALUE,
      VALUE,
      VALUE_ESCAPE,
      SINGLE_QUOTE,
      DOUBLE_QUOTE,
      DOUBLE_QUOTE_ESCAPE,
      COMMENT,
      COMMENT_ESCAPE
    }

    /**
     * An environment file as systemd's {@code parse_env_file_internal} reads it: {@code KEY=value}
     * lines, {@code #} and {@code ;} comments, single quotes literal, double quotes with {@code \"
     * \\ \` \$} escapes, a backslash escaping any character outside quotes and joining lines,
     * trailing whitespace of an unquoted value dropped.
     */
    private void parseEnvFile(String file, String content, Map<String, Var> env) {
      EnvState state = EnvState.PRE_KEY;
      StringBuilder key = new StringBuilder();
      Text value = new Text(file);
      int keyLine = 0;
      int keyCol = 0;
      int lastValueNonSpace = 0; // length of value without its trailing unquoted whitespace
      int line = 1;
      int col = 0;
      for (int i = 0; i < content.length(); i++) {
        char c = content.charAt(i);
        col++;
        boolean newline = c == '\n' || c == '\r';
        switch (state) {
          case PRE_KEY -> {
            if (c == '#' || c == ';') {
              state = EnvState.COMMENT;
            } else if (!Character.isWhitespace(c)) {
              state = EnvState.KEY;
              key.setLength(0);
              key.append(c);
              keyLine = line;
              keyCol = col;
            }
          }
          case KEY -> {
            if (newline) {
              problems.add(
                  Problem.warning(file, keyLine, keyCol, "line without '='; systemd ignores it"));
              state = EnvState.PRE_KEY;
            } else if (c == '=') {
              state = EnvState.PRE_VALUE;
              value = new Text(file);
              lastValueNonSpace = 0;
            } else {
              key.append(c);
            }
          }
          case PRE_VALUE -> {
            if (newline) {
              push(env, key, value, value.length(), file, keyLine, keyCol);
              state = EnvState.PRE_KEY;
            } else if (c == '\'') {
              state = EnvState.SINGLE_QUOTE;
            } else if (c == '"') {
              state = EnvState.DOUBLE_QUOTE;
            } else if (c == '\\') {
              state = EnvState.VALUE_ESCAPE;
            } else if (!Character.isWhitespace(c)) {
              state = EnvState.VALUE;
              value.add(c, line, col);
              lastValueNonSpace = value.length();
            }
          }
          case VALUE -> {
            if (newline) {
              push(env, key, value, lastValueNonSpace, file, keyLine, keyCol);
              state = EnvState.PRE_KEY;
            } else if (c == '\\') {
              state = EnvState.VALUE_ESCAPE;
            } else {
              value.add(c, line, col);
              if (!Character.isWhitespace(c)) {
                lastValueNonSpace = value.length();
              }
            }
          }
          case VALUE_ESCAPE -> {
            state = EnvState.VALUE;
            if (!newline) {
              value.add(c, line, col);
              lastValueNonSpace = value.length();
            }
          }
          case SINGLE_QUOTE -> {
            if (c == '\'') {
              state = EnvState.PRE_VALUE;
              lastValueNonSpace = value.length();
            } else {
              value.add(c, line, col);
            }
          }
          case DOUBLE_QUOTE -> {
            if (c == '"') {
              state = EnvState.PRE_VALUE;
              lastValueNonSpace = value.length();
            } else if (c == '\\') {
              state = EnvState.DOUBLE_QUOTE_ESCAPE;
            } else {
              value.add(c, line, col);
            }
          }
          case DOUBLE_QUOTE_ESCAPE -> {
            state = EnvState.DOUBLE_QUOTE;
            if ("\"\\`$".indexOf(c) >= 0) {
              value.add(c, line, col);
            } else if (!newline) {
              value.add('\\', line, col - 1);
              value.add(c, line, col);
            }
          }
          case COMMENT -> {
            if (c == '\\') {
              state = EnvState.COMMENT_ESCAPE;
            } else if (newline) {
              state = EnvState.PRE_KEY;
            }
          }
          case COMMENT_ESCAPE -> state = EnvState.COMMENT;
        }
        if (c == '\n') {
          line++;
          col = 0;
        }
      }
      switch (state) {
        case PRE_VALUE, SINGLE_QUOTE, DOUBLE_QUOTE, DOUBLE_QUOTE_ESCAPE ->
            push(env, key, value, value.length(), file, keyLine, keyCol);
        case VALUE, VALUE_ESCAPE -> push(env, key, value, lastValueNonSpace, file, keyLine, keyCol);
        case KEY ->
            problems.add(
                Problem.warning(file, keyLine, keyCol, "line without '='; systemd ignores it"));
        default -> {
          // nothing pending
        }
      }
    }

    private void push(
        Map<String, Var> env,
        StringBuilder key,
        Text value,
        int length,
        String file,
        int line,
        int col) {
      String name = key.toString().strip();
      if (!ENV_NAME.matcher(name).matches()) {
        problems.add(
            Problem.warning(
                file, line, col, "invalid variable name '" + name + "'; systemd ignores the line"));
        return;
      }
      env.put(name, new Var(value.sub(0, length), file, line, col));
    }

    // --- the command -----------------------------------------------------------------------------

    private Optional<ComponentSettings> command(Map<String, Var> env) {
      if (execStart.isEmpty()) {
        String last = unitFiles.isEmpty() ? UNIT : unitFiles.get(unitFiles.size() - 1).path();
        if (!unitFiles.isEmpty()) {
          problems.add(
              Problem.warning(
                  last, 0, 0, UNIT + " has no ExecStart= left; systemd refuses to start it"));
        }
        return Optional.empty();
      }
      if (execStart.size() > 1) {
        ExecLine second = execStart.get(1);
        problems.add(
            Problem.warning(
                second.file(),
                second.line(),
                second.value().cols[0],
                UNIT
                    + " has "
                    + execStart.size()
                    + " ExecStart= lines (the first at "
                    + execStart.get(0).file()
                    + ":"
                    + execStart.get(0).line()
                    + "); only Type=oneshot services may, so systemd refuses to start it (an"
                    + " empty ExecStart= before a new one resets the list)"));
        return Optional.empty();
      }
      ExecLine exec = execStart.get(0);
      List<Word> words;
      try {
        words = split(specifiers(exec.value()), true, true);
      } catch (SplitError e) {
        problems.add(
            Problem.warning(
                exec.file(),
                e.line,
                e.col,
                "ExecStart=: " + e.getMessage() + "; systemd refuses the line"));
        return Optional.empty();
      }
      for (int i = 0; i < words.size(); i++) {
        if (words.get(i).text().equals(";")) {
          Word w = words.get(i);
          problems.add(
              Problem.warning(
                  w.file(),
                  w.line(),
                  w.col(),
                  "';' separates a second command, which only Type=oneshot services may have;"
                      + " the words after it are not read"));
          words = words.subList(0, i);
          break;
        }
      }
      if (words.isEmpty()) {
        problems.add(Problem.warning(exec.file(), exec.line(), 0, "ExecStart= names no command"));
        return Optional.empty();
      }
      Word first = words.get(0);
      String path = first.text();
      boolean expand = true;
      boolean argv0Given = false;
      int p = 0;
      while (p < path.length() && "-@:+!".indexOf(path.charAt(p)) >= 0) {
        if (path.charAt(p) == ':') {
          expand = false;
        } else if (path.charAt(p) == '@') {
          argv0Given = true;
        }
        p++;
      }
      path = path.substring(p);
      Optional<Component> component = Component.ofCommand(path);
      if (component.isEmpty() || component.get() != Component.KUBELET) {
        problems.add(
            Problem.warning(
                first.file(),
                first.line(),
                first.col(),
                UNIT + " runs '" + path + "', not the kubelet; its words are not read as flags"));
        return Optional.empty();
      }
      int from = argv0Given ? 2 : 1;
      List<CommandLines.Arg> args = new ArrayList<>();
      long chars = 0;
      for (int i = from; i < words.size(); i++) {
        Word w = words.get(i);
        List<Word> expanded = expand ? expand(w, env) : List.of(w);
        for (Word e : expanded) {
          chars += e.text().length() + 1;
          if (chars > MAX_COMMAND_CHARS) {
            problems.add(
                Problem.error(
                    exec.file(),
                    exec.line(),
                    0,
                    "the kubelet's command line grows past "
                        + MAX_COMMAND_CHARS
                        + " characters after expansion; not read"));
            return Optional.empty();
          }
          args.add(new CommandLines.Arg(e.text(), Optional.of(e.location())));
        }
      }
      List<Setting> flags =
          CommandLines.flags(Component.KUBELET, args, exec.file(), exec.line(), problems);
      return Optional.of(
          new ComponentSettings(
              Component.KUBELET,
              exec.file() + ":" + exec.line(),
              Optional.of(first.location()),
              flags));
    }

    /** systemd's replace_env_argv for one word. */
    private List<Word> expand(Word w, Map<String, Var> env) {
      String t = w.text();
      if (t.startsWith("$") && t.length() > 1 && t.charAt(1) != '{' && t.charAt(1) != '$') {
        String name = t.substring(1);
        if (!ENV_NAME.matcher(name).matches()) {
          problems.add(
              Problem.warning(
                  w.file(),
                  w.line(),
                  w.col(),
                  "'"
                      + t
                      + "' is not a variable name; systemd drops the word (write ${NAME} inside a"
                      + " word)"));
          return List.of();
        }
        Var v = env.get(name);
        if (v == null) {
          return List.of();
        }
        try {
          return split(v.value(), false, false);
        } catch (SplitError e) {
          return List.of(); // relaxed splitting does not fail
        }
      }
      if (t.indexOf('$') < 0) {
        return List.of(w);
      }
      // ${NAME} inside a word: the value as it is; a word that is only ${NAME} is located at the
      // value (where it was written), any other at the word
      if (t.startsWith("${") && t.endsWith("}") && t.indexOf('}') == t.length() - 1) {
        Var v = env.get(t.substring(2, t.length() - 1));
        if (v != null) {
          Text value = v.value();
          return List.of(
              value.length() > 0
                  ? new Word(value.toString(), value.file, value.lines[0], value.cols[0], value)
                  : new Word("", v.file(), v.line(), v.col(), value));
        }
      }
      StringBuilder out = new StringBuilder();
      int i = 0;
      while (i < t.length()) {
        char c = t.charAt(i);
        if (c == '$' && i + 1 < t.length() && t.charAt(i + 1) == '$') {
          out.append('$');
          i += 2;
        } else if (c == '$' && i + 1 < t.length() && t.charAt(i + 1) == '{') {
          int close = t.indexOf('}', i + 2);
          String name = close < 0 ? "" : t.substring(i + 2, close);
          if (close < 0 || name.contains(":")) {
            out.append(t, i, close < 0 ? t.length() : close + 1); // not expanded by systemd
            i = close < 0 ? t.length() : close + 1;
          } else {
            Var v = env.get(name);
            if (v != null) {
              out.append(v.value());
            }
            i = close + 1;
          }
        } else {
          out.append(c);
          i++;
        }
      }
      return List.of(new Word(out.toString(), w.file(), w.line(), w.col(), w.source()));
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Splits into words as systemd's {@code extract_first_word} does: at whitespace, single and
   * double quotes removed (also inside a word: {@code --a="b c"} is {@code --a=b c}), a backslash
   * escaping the next character. With {@code strict} (unit file values), unbalanced quotes are an
   * error and {@code cunescape} decodes C escapes ({@code \n}, {@code \x41}, {@code \s}); without
   * (a variable's value for {@code $NAME}), an open quote runs to the end.
   */
  private static List<Word> split(Text t, boolean strict, boolean cunescape) throws SplitError {
    List<Word> out = new ArrayList<>();
    int i = 0;
    int n = t.length();
    while (true) {
      while (i < n && WHITESPACE.indexOf(t.at(i)) >= 0) {
        i++;
      }
      if (i >= n) {
        return out;
      }
      Text word = new Text(t.file);
      int startLine = t.lines[i];
      int startCol = t.cols[i];
      char quote = 0;
      while (i < n) {
        char c = t.at(i);
        if (quote == 0 && WHITESPACE.indexOf(c) >= 0) {
          break;
        }
        if (c == '\\') {
          if (i + 1 >= n) {
            if (strict) {
              throw new SplitError("a backslash ends the value", t.lines[i], t.cols[i]);
            }
            i++;
            break;
          }
          i = escape(t, i, word, cunescape);
          continue;
        }
        if (quote == 0 && (c == '"' || c == '\'')) {
          quote = c;
        } else if (quote != 0 && c == quote) {
          quote = 0;
        } else {
          word.addFrom(t, i);
        }
        i++;
      }
      if (quote != 0 && strict) {
        throw new SplitError("unbalanced quotes", startLine, startCol);
      }
      out.add(new Word(word.toString(), t.file, startLine, startCol, word));
    }
  }

  /** Decodes the escape at {@code t[i]} (a backslash) into {@code out}; returns the next index. */
  private static int escape(Text t, int i, Text out, boolean cunescape) {
    char c = t.at(i + 1);
    int line = t.lines[i];
    int col = t.cols[i];
    if (!cunescape) {
      out.add(c, line, col);
      return i + 2;
    }
    switch (c) {
      case 'a' -> out.add('\u0007', line, col);
      case 'b' -> out.add('\b', line, col);
      case 'f' -> out.add('\f', line, col);
      case 'n' -> out.add('\n', line, col);
      case 'r' -> out.add('\r', line, col);
      case 't' -> out.add('\t', line, col);
      case 'v' -> out.add('\u000b', line, col);
      case 's' -> out.add(' ', line, col);
      case 'x' -> {
        int end = Math.min(t.length(), i + 4);
        String hex = t.chars.substring(Math.min(i + 2, end), end);
        if (hex.length() == 2 && hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
          out.add((char) Integer.parseInt(hex, 16), line, col);
          return i + 4;
        }
        out.add(c, line, col);
      }
      default -> {
        if (c >= '0' && c <= '7' && i + 3 < t.length()) {
          String oct = t.chars.substring(i + 1, i + 4);
          if (oct.chars().allMatch(o -> o >= '0' && o <= '7')) {
            out.add((char) Integer.parseInt(oct, 8), line, col);
            return i + 4;
          }
        }
        out.add(c, line, col); // \\ \" \' \; \<space> and anything else: the character itself
      }
    }
    return i + 2;
  }
}
