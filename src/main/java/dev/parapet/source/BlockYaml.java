package dev.parapet.source;

import java.util.List;

/**
 * A fast reader for the plain block YAML that {@code kubectl get -o yaml}, Helm and kustomize
 * print, feeding the same {@link YamlReader.Builder} as snakeyaml-engine's events, with the same
 * positions.
 *
 * <p>snakeyaml-engine reads such text at about 20-28 MB/s per core here, which alone keeps a 400 MB
 * cluster dump above ten seconds on two cores. This reader handles only a strict subset: block
 * mappings and sequences indented with spaces, single-line plain and quoted scalars and keys, empty
 * flow collections ({@code {}} and {@code []}) and literal block scalars ({@code |}, {@code |-}).
 * On anything else (comments, anchors, aliases, tags, flow collections with content, multi-line
 * plain or quoted scalars, folded scalars, directives, tabs outside scalars, carriage returns,
 * characters outside the Basic Multilingual Plane's printable range, a document that is not a
 * mapping or a sequence, or anything that looks like an error) it gives up with {@link Bail} and
 * the caller parses the same text with snakeyaml-engine, which also reports any error. So it never
 * decides what a hard input means; it only goes faster on easy input.
 *
 * <p>Positions follow snakeyaml-engine's events: a block mapping starts at its first key, a
 * sequence at its first {@code -}, a scalar at its first character (the quote or the {@code |}
 * indicator), and an empty value just after the {@code :} or {@code -} that introduced it.
 */
final class BlockYaml {
  /** The text is outside the subset; parse it with snakeyaml-engine instead. */
  static final class Bail extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Bail INSTANCE = new Bail();

    private Bail() {
      super("outside the fast subset", null, false, false);
    }
  }

  private static final int MAX_KEY = 1000;
  // deeper input is left to the other parser, which needs no stack for it
  private static final int MAX_DEPTH = 256;

  private final String text;
  private final int to;
  private final int firstLine;
  private final YamlReader.Builder b;
  // current line: [ls, le), indentation ind, 0-based index in the text
  private int ls;
  private int le;
  private int ind;
  private int lineIdx;
  private int depth;

  private BlockYaml(String text, int from, int to, int firstLine, YamlReader.Builder b) {
    this.text = text;
    this.to = to;
    this.firstLine = firstLine;
    this.b = b;
    this.ls = from;
  }

  /** Parses {@code text[from, to)} as one document; throws {@link Bail} when outside the subset. */
  static void parse(
      String text, int from, int to, int firstLine, YamlReader.Builder b, List<Node> roots) {
    checkCharacters(text, from, to);
    new BlockYaml(text, from, to, firstLine, b).document(roots);
  }

  private static Bail bail() {
    return Bail.INSTANCE;
  }

  /** Characters snakeyaml rejects or treats specially (line breaks other than LF). */
  private static void checkCharacters(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        if (c != '\n' && c != '\t') {
          throw bail();
        }
      } else if (c >= 0x7f && (c <= 0x9f || c >= 0xd800 || c == 0x2028 || c == 0x2029)) {
        throw bail();
      }
    }
  }

  private void document(List<Node> roots) {
    b.documentStart();
    if (!skipBlank()) {
      throw bail();
    }
    if (text.startsWith("---", ls)) {
      if (ind != 0 || !onlySpaces(ls + 3, le)) {
        throw bail();
      }
      nextLine();
      if (!skipBlank()) {
        throw bail();
      }
    }
    if (text.startsWith("---", ls) || text.startsWith("...", ls)) {
      throw bail();
    }
    int p = ls + ind;
    if (isEntry(p)) {
      sequence(ind);
    } else if (keyColon(p) >= 0) {
      mapping(ind, p);
    } else {
      throw bail();
    }
    if (skipBlank()) {
      throw bail();
    }
    roots.add(b.documentEnd());
  }

  // --- lines -----------------------------------------------------------------------------------

  private int line() {
    return firstLine + lineIdx;
  }

  private void nextLine() {
    ls = le + 1;
    lineIdx++;
  }

  /** Moves to the next line with content, setting its bounds and indentation; false at the end. */
  private boolean skipBlank() {
    while (ls < to) {
      int eol = text.indexOf('\n', ls);
      le = eol < 0 || eol > to ? to : eol;
      int i = ls;
      while (i < le && text.charAt(i) == ' ') {
        i++;
      }
      ind = i - ls;
      if (i == le) {
        nextLine();
        continue;
      }
      char c = text.charAt(i);
      if (c == '#' || c == '\t') {
        throw bail();
      }
      return true;
    }
    return false;
  }

  private boolean onlySpaces(int from, int end) {
    for (int i = from; i < end; i++) {
      if (text.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }

  private boolean isEntry(int p) {
    return text.charAt(p) == '-' && (p + 1 == le || text.charAt(p + 1) == ' ');
  }

  // --- collections -----------------------------------------------------------------------------

  /** A block sequence whose first {@code -} is on the current line at indentation {@code s}. */
  private void sequence(int s) {
    if (++depth > MAX_DEPTH) {
      throw bail();
    }
    b.seqStart(line(), s + 1, null);
    while (true) {
      int dash = ls + s;
      int p = dash + 1;
      while (p < le && text.charAt(p) == ' ') {
        p++;
      }
      if (p == le) {
        int l = line();
        nextLine();
        if (skipBlank() && ind > s) {
          blockNode(ind);
        } else {
          b.scalar("", true, null, null, l, s + 2);
        }
      } else if (isEntry(p)) {
        throw bail(); // "- - a"
      } else if (keyColon(p) >= 0) {
        mapping(p - ls, p);
      } else {
        scalarValue(p, s);
      }
      if (!skipBlank() || ind < s) {
        break;
      }
      if (ind > s) {
        throw bail();
      }
      if (!isEntry(ls + s)) {
        break;
      }
    }
    b.end();
    depth--;
  }

  /** A mapping or sequence that starts on the current line at indentation {@code i}. */
  private void blockNode(int i) {
    int p = ls + i;
    if (isEntry(p)) {
      sequence(i);
    } else if (keyColon(p) >= 0) {
      mapping(i, p);
    } else {
      throw bail();
    }
  }

  /** A block mapping at column {@code m} (0-based) whose first key starts at {@code p}. */
  private void mapping(int m, int p) {
    if (++depth > MAX_DEPTH) {
      throw bail();
    }
    b.mapStart(line(), m + 1, null);
    while (true) {
      int colon = keyColon(p);
      if (colon < 0) {
        throw bail();
      }
      key(p, colon);
      value(colon + 1, m);
      if (!skipBlank() || ind < m) {
        break;
      }
      if (ind > m || isEntry(ls + m)) {
        throw bail();
      }
      p = ls + m;
    }
    b.end();
    depth--;
  }

  private void key(int p, int colon) {
    int l = line();
    int col = p - ls + 1;
    char c = text.charAt(p);
    if (c == '"' || c == '\'') {
      StringBuilder sb = new StringBuilder();
      int end = c == '"' ? doubleQuoted(p, sb) : singleQuoted(p, sb);
      if (end != colon) {
        throw bail();
      }
      b.scalar(sb.toString(), false, null, null, l, col);
    } else {
      if (colon - p > MAX_KEY || text.charAt(colon - 1) == ' ') {
        throw bail();
      }
      b.scalar(text.substring(p, colon), true, null, null, l, col);
    }
  }

  /**
   * Where the {@code :} that ends a key starting at {@code p} is, or -1 when the line holds a
   * scalar rather than a key.
   */
  private int keyColon(int p) {
    char c = text.charAt(p);
    if (c == '"' || c == '\'') {
      int end = c == '"' ? doubleQuoted(p, null) : singleQuoted(p, null);
      if (end < le && text.charAt(end) == ':' && (end + 1 == le || text.charAt(end + 1) == ' ')) {
        return end;
      }
      return -1;
    }
    if (c == '{' || c == '[' || c == '|') {
      return -1; // a value: scalarValue reads or refuses it
    }
    checkPlainStart(p);
    for (int i = p; i < le; i++) {
      char ch = text.charAt(i);
      if (ch == ':' && (i + 1 == le || text.charAt(i + 1) == ' ')) {
        return i;
      }
      if (ch == '\t' || (ch == '#' && text.charAt(i - 1) == ' ')) {
        throw bail();
      }
    }
    return -1;
  }

  /**
   * Plain scalars may not start with an indicator ({@code -}, {@code ?}, {@code :} need a space).
   */
  private void checkPlainStart(int p) {
    char c = text.charAt(p);
    switch (c) {
      case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' ->
          throw bail();
      case '-', '?', ':' -> {
        if (p + 1 == le || text.charAt(p + 1) == ' ') {
          throw bail();
        }
      }
      default -> {
        // a plain scalar
      }
    }
  }

  /** The value after a key's {@code :} at {@code p}, in a mapping at column {@code m}. */
  private void value(int p, int m) {
    int l = line();
    int emptyCol = p - ls + 1;
    while (p < le && text.charAt(p) == ' ') {
      p++;
    }
    if (p < le) {
      scalarValue(p, m);
      return;
    }
    nextLine();
    if (skipBlank()) {
      if (ind > m) {
        blockNode(ind);
        return;
      }
      if (ind == m && isEntry(ls + m)) {
        sequence(m);
        return;
      }
    }
    b.scalar("", true, null, null, l, emptyCol);
  }

  // --- scalars ---------------------------------------------------------------------------------

  /**
   * A value written on the current line from {@code p}, in a block at indentation {@code indent};
   * leaves the cursor on the next line.
   */
  private void scalarValue(int p, int indent) {
    int l = line();
    int col = p - ls + 1;
    char c = text.charAt(p);
    switch (c) {
      case '{', '[' -> {
        char close = c == '{' ? '}' : ']';
        if (p + 1 >= le || text.charAt(p + 1) != close || !onlySpaces(p + 2, le)) {
          throw bail();
        }
        if (c == '{') {
          b.mapStart(l, col, null);
        } else {
          b.seqStart(l, col, null);
        }
        b.end();
        nextLine();
      }
      case '|' -> literal(p, indent, l, col);
      case '"', '\'' -> {
        StringBuilder sb = new StringBuilder();
        int end = c == '"' ? doubleQuoted(p, sb) : singleQuoted(p, sb);
        if (!onlySpaces(end, le)) {
          throw bail();
        }
        b.scalar(sb.toString(), false, null, null, l, col);
        nextLine();
      }
      default -> {
        checkPlainStart(p);
        int end = le;
        for (int i = p; i < le; i++) {
          char ch = text.charAt(i);
          if (ch == '\t'
              || (ch == '#' && text.charAt(i - 1) == ' ')
              || (ch == ':' && (i + 1 == le || text.charAt(i + 1) == ' '))) {
            throw bail();
          }
        }
        while (text.charAt(end - 1) == ' ') {
          end--;
        }
        b.scalar(text.substring(p, end), true, null, null, l, col);
        nextLine();
      }
    }
  }

  /** A literal block scalar ({@code |} or {@code |-}) whose indicator is at {@code p}. */
  private void literal(int p, int indent, int l, int col) {
    int q = p + 1;
    boolean strip = q < le && text.charAt(q) == '-';
    if (strip) {
      q++;
    }
    if (!onlySpaces(q, le)) {
      throw bail(); // keep (+), indentation indicator, comment
    }
    nextLine();
    if (ls >= to) {
      throw bail();
    }
    int contentIndent = -1;
    StringBuilder sb = new StringBuilder();
    int blanks = 0;
    boolean any = false;
    boolean broken = false;
    while (ls < to) {
      int eol = text.indexOf('\n', ls);
      le = eol < 0 || eol > to ? to : eol;
      int i = ls;
      while (i < le && text.charAt(i) == ' ') {
        i++;
      }
      int lineInd = i - ls;
      if (i == le) {
        if (contentIndent < 0 || lineInd > contentIndent) {
          throw bail(); // leading blank lines, or spaces that are content
        }
        blanks++;
        nextLine();
        continue;
      }
      if (contentIndent < 0) {
        if (lineInd <= indent || text.charAt(i) == '\t') {
          throw bail(); // empty scalar, or indentation question
        }
        contentIndent = lineInd;
      } else if (lineInd < contentIndent) {
        break;
      }
      if (any) {
        sb.append('\n');
      }
      for (int k = 0; k < blanks; k++) {
        sb.append('\n');
      }
      blanks = 0;
      sb.append(text, ls + contentIndent, le);
      any = true;
      // clip keeps the last line break only when there is one
      broken = le < to;
      nextLine();
    }
    if (!strip && broken) {
      sb.append('\n');
    }
    b.scalar(sb.toString(), false, null, null, l, col);
  }

  /**
   * Reads a double-quoted scalar that starts at {@code p} and ends on its line into {@code sb}
   * (when not null); returns the index after the closing quote.
   */
  private int doubleQuoted(int p, StringBuilder sb) {
    int i = p + 1;
    while (true) {
      if (i >= le) {
        throw bail(); // continues on the next line
      }
      char c = text.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= le) {
          throw bail();
        }
        char e = text.charAt(i + 1);
        int skip = 2;
        char out;
        switch (e) {
          case '"', '\\' -> out = e;
          case 'n' -> out = '\n';
          case 't' -> out = '\t';
          case 'r' -> out = '\r';
          case '0' -> out = '\0';
          case 'b' -> out = '\b';
          case 'f' -> out = '\f';
          case 'x', 'u' -> {
            int digits = e == 'x' ? 2 : 4;
            if (i + 2 + digits > le) {
              throw bail();
            }
            int v = 0;
            for (int k = 0; k < digits; k++) {
              int d = Character.digit(text.charAt(i + 2 + k), 16);
              if (d < 0) {
                throw bail();
              }
              v = v * 16 + d;
            }
            if (Character.isSurrogate((char) v)) {
              throw bail();
            }
            out = (char) v;
            skip += digits;
          }
          default -> throw bail();
        }
        if (sb != null) {
          sb.append(out);
        }
        i += skip;
        continue;
      }
      if (sb != null) {
        sb.append(c);
      }
      i++;
    }
  }

  /** As {@link #doubleQuoted}, for a single-quoted scalar ({@code ''} is a quote). */
  private int singleQuoted(int p, StringBuilder sb) {
    int i = p + 1;
    while (true) {
      if (i >= le) {
        throw bail();
      }
      char c = text.charAt(i);
      if (c == '\'') {
        if (i + 1 < le && text.charAt(i + 1) == '\'') {
          if (sb != null) {
            sb.append('\'');
          }
          i += 2;
          continue;
        }
        return i + 1;
      }
      if (sb != null) {
        sb.append(c);
      }
      i++;
    }
  }
}
