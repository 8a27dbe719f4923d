package dev.parapet.cli;

/** Whether standard output is a terminal that wants colours. */
final class Terminal {
  private Terminal() {}

  static boolean colors(boolean disabled) {
    if (disabled) {
      return false;
    }
    String noColor = System.getenv("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }
}
