package dev.parapet.pss;

import java.util.Locale;

/** The three Pod Security Standards levels, least restrictive first. */
public enum Level {
  PRIVILEGED,
  BASELINE,
  RESTRICTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a level as written in a namespace label or on the command line. */
  public static Level parse(String s) {
    for (Level l : values()) {
      if (l.label().equals(s)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown Pod Security level '" + s + "' (expected privileged, baseline or restricted)");
  }
}
