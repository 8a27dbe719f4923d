package dev.parapet.report;

import dev.parapet.check.CheckError;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import dev.parapet.model.ObjectRef;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The human report: active findings grouped by object, one line each (location, check, severity,
 * message, wrapped to the width), then input problems, check errors and a summary line. Suppressed
 * findings are counted, not listed.
 *
 * <p>Colour is used only when the constructor says so; whether the terminal wants it ({@code
 * NO_COLOR}, not a tty) is the caller's business. Text that comes from the input (names, messages)
 * has its control characters made visible, so a manifest cannot send escape sequences to the
 * terminal.
 */
public final class TableRenderer implements Renderer {
  /** Width used when the caller does not know the terminal's. */
  public static final int DEFAULT_WIDTH = 100;

  /**
   * Below this width the message column is abandoned and messages go on their own lines under the
   * location, indented by {@link #STACKED_INDENT}.
   */
  private static final int MIN_MESSAGE_WIDTH = 48;

  private static final String STACKED_INDENT = "      ";

  private static final String INDENT = "  ";
  private static final String GAP = "  ";
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";

  private final boolean color;
  private final int width;

  public TableRenderer(boolean color) {
    this(color, DEFAULT_WIDTH);
  }

  /**
   * @param color whether to use ANSI colours
   * @param width the line width to wrap messages at (a word longer than the line is not cut)
   */
  public TableRenderer(boolean color, int width) {
    if (width <= 0) {
      throw new IllegalArgumentException("width must be positive, got " + width);
    }
    this.color = color;
    this.width = width;
  }

  private record Group(ObjectRef object, String file, String helmSource, List<Finding> findings) {}

  @Override
  public void render(ScanResult result, Appendable out) throws IOException {
    List<Finding> active = result.active();
    List<Group> groups = group(active);
    int locWidth = 0;
    int idWidth = 0;
    for (Finding f : active) {
      locWidth = Math.max(locWidth, clean(f.location().display()).length());
      idWidth = Math.max(idWidth, f.check().id().length());
    }
    int sevWidth = Severity.CRITICAL.label().length();
    int messageColumn =
        INDENT.length()
            + locWidth
            + GAP.length()
            + idWidth
            + GAP.length()
            + sevWidth
            + GAP.length();
    // long paths would squeeze messages into a narrow column: put them under the location instead
    boolean stacked = width - messageColumn < MIN_MESSAGE_WIDTH;
    if (stacked) {
      messageColumn = STACKED_INDENT.length();
    }
    int messageWidth = Math.max(MIN_MESSAGE_WIDTH, width - messageColumn);
    String continuation = " ".repeat(messageColumn);

    for (Group g : groups) {
      StringBuilder header = new StringBuilder(clean(g.object().toString()));
      header.append(GAP).append(clean(g.file()));
      if (g.helmSource() != null) {
        header.append(GAP).append("(helm template: ").append(clean(g.helmSource())).append(')');
      }
      out.append(style(BOLD, header.toString())).append('\n');
      for (Finding f : g.findings()) {
        out.append(INDENT)
            .append(pad(clean(f.location().display()), locWidth))
            .append(GAP)
            .append(pad(f.check().id(), idWidth))
            .append(GAP);
        List<String> lines = wrap(clean(f.message()), messageWidth);
        if (f.missingField() != null) {
          // kept whole: a field path is looked up, not read
          lines.add("missing: " + clean(f.missingField()));
        }
        if (f.onPath() != null) {
          lines.addAll(
              wrap(
                  clean(
                      (f.onPath().base() == f.onPath().raised()
                              ? "on the attack path "
                              : "raised from "
                                  + f.onPath().base().label()
                                  + ": on the attack path ")
                          + f.onPath().path()),
                  messageWidth));
        }
        if (stacked) {
          out.append(style(colour(f.severity()), f.severity().label())).append('\n');
        } else {
          out.append(severity(f.severity(), sevWidth))
              .append(GAP)
              .append(lines.remove(0))
              .append('\n');
        }
        for (String line : lines) {
          out.append(continuation).append(line).append('\n');
        }
      }
      out.append('\n');
    }

    if (!result.problems().isEmpty()) {
      out.append(style(BOLD, "Input problems")).append('\n');
      for (Problem p : result.problems()) {
        appendWrapped(out, clean(p.toString()));
      }
      out.append('\n');
    }
    if (!result.errors().isEmpty()) {
      out.append(style(BOLD, "Check errors")).append('\n');
      for (CheckError e : result.errors()) {
        appendWrapped(out, clean(e.toString()));
      }
      out.append('\n');
    }
    out.append(summary(result)).append('\n');
  }

  /** Active findings by object and file, in the order the objects first appear. */
  private static List<Group> group(List<Finding> findings) {
    Map<List<Object>, Group> groups = new LinkedHashMap<>();
    for (Finding f : findings) {
      List<Object> key = List.of(f.object(), f.location().file(), f.location().documentIndex());
      groups
          .computeIfAbsent(
              key,
              k ->
                  new Group(
                      f.object(),
                      f.location().file(),
                      f.location().helmSource(),
                      new ArrayList<>()))
          .findings()
          .add(f);
    }
    return List.copyOf(groups.values());
  }

  private void appendWrapped(Appendable out, String text) throws IOException {
    List<String> lines = wrap(text, Math.max(MIN_MESSAGE_WIDTH, width - 2 * INDENT.length()));
    for (int i = 0; i < lines.size(); i++) {
      out.append(i == 0 ? INDENT : INDENT + INDENT).append(lines.get(i)).append('\n');
    }
  }

  private String summary(ScanResult result) {
    List<Finding> active = result.active();
    StringBuilder sb = new StringBuilder();
    sb.append(Reports.count(active.size(), "finding", "findings")).append(": ");
    for (int i = 0; i < Reports.DESCENDING.size(); i++) {
      Severity s = Reports.DESCENDING.get(i);
      long n = result.count(s);
      String part = n + " " + s.label();
      sb.append(i > 0 ? ", " : "").append(n > 0 ? style(colour(s), part) : part);
    }
    long suppressed = result.findings().size() - active.size();
    if (suppressed > 0) {
      sb.append(" (").append(suppressed).append(" suppressed)");
    }
    sb.append(" in ")
        .append(Reports.count(result.objects(), "object", "objects"))
        .append(" from ")
        .append(Reports.count(result.files(), "file", "files"));
    List<String> trouble = new ArrayList<>();
    if (!result.problems().isEmpty()) {
      trouble.add(Reports.count(result.problems().size(), "input problem", "input problems"));
    }
    if (!result.errors().isEmpty()) {
      trouble.add(Reports.count(result.errors().size(), "check error", "check errors"));
    }
    if (!trouble.isEmpty()) {
      sb.append("; ").append(String.join(", ", trouble));
    }
    return sb.toString();
  }

  private String severity(Severity s, int padTo) {
    return style(colour(s), s.label()) + " ".repeat(padTo - s.label().length());
  }

  private static String colour(Severity s) {
    return switch (s) {
      case CRITICAL -> "\u001b[1;31m";
      case HIGH -> "\u001b[31m";
      case MEDIUM -> "\u001b[33m";
      case LOW -> "\u001b[36m";
      case INFO -> "\u001b[2m";
    };
  }

  private String style(String code, String text) {
    return color ? code + text + RESET : text;
  }

  private static String pad(String s, int to) {
    return s.length() >= to ? s : s + " ".repeat(to - s.length());
  }

  /**
   * Greedy word wrap at spaces. A word longer than the width keeps its own line rather than being
   * cut, so that paths and pointers stay whole and copyable.
   */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    for (String paragraph : text.split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      for (String word : paragraph.split(" +")) {
        if (word.isEmpty()) {
          continue;
        }
        if (line.length() > 0 && line.length() + 1 + word.length() > width) {
          lines.add(line.toString());
          line.setLength(0);
        }
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(word);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * Makes control characters visible as {@code \\uXXXX} and tabs spaces; newlines are kept for
   * {@link #wrap} to break at.
   */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i) == '\t' ? ' ' : s.charAt(i);
      boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f);
      if ((control || c != s.charAt(i)) && sb == null) {
        sb = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (sb != null) {
        if (control) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
