package dev.parapet.pss;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of the Pod Security Standards, {@code v1.0} to {@link #NEWEST}. As in the PodSecurity
 * admission plugin, {@code latest} and any version newer than the newest one defined evaluate with
 * the newest rules.
 */
public record PssVersion(int minor) implements Comparable<PssVersion> {
  /** The newest version whose rules parapet knows. */
  public static final PssVersion NEWEST = new PssVersion(37);

  private static final Pattern FORM = Pattern.compile("v?1\\.(0|[1-9][0-9]*)");

  public PssVersion {
    if (minor < 0) {
      throw new IllegalArgumentException("minor version must not be negative");
    }
  }

  /**
   * Parses {@code latest}, {@code v1.N} or {@code 1.N}. Versions past the newest known evaluate as
   * the newest.
   */
  public static PssVersion parse(String s) {
    if (s == null || s.isBlank() || s.equals("latest")) {
      return NEWEST;
    }
    Matcher m = FORM.matcher(s.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "unknown Pod Security Standards version '" + s + "' (expected latest or v1.N)");
    }
    int minor = Integer.parseInt(m.group(1));
    return minor > NEWEST.minor ? NEWEST : new PssVersion(minor);
  }

  public boolean atLeast(int minorVersion) {
    return minor >= minorVersion;
  }

  @Override
  public int compareTo(PssVersion o) {
    return Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return "v1." + minor;
  }
}
