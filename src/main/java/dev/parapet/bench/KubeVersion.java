package dev.parapet.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes minor version ({@code 1.34}), the unit defaults and benchmarks are keyed by. */
public record KubeVersion(int major, int minor) implements Comparable<KubeVersion> {
  private static final Pattern FORM = Pattern.compile("v?(\\d+)\\.(\\d+)(?:[.\\-+].*)?");

  /** Reads {@code 1.34}, {@code v1.34.1}, {@code 1.34.0-rc.1}; empty for anything else. */
  public static Optional<KubeVersion> parse(String s) {
    Matcher m = FORM.matcher(s.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new KubeVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public int compareTo(KubeVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
