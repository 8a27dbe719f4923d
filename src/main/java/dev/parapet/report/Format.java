package dev.parapet.report;

import java.util.Locale;

/** The report formats of {@code parapet scan -o}. */
public enum Format {
  TABLE,
  JSON,
  SARIF,
  JUNIT,
  HTML;

  public static Format parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown output format '" + s + "' (expected table, json, sarif, junit or html)", e);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
