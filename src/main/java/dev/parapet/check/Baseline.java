package dev.parapet.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Findings accepted at a point in time, so that a pipeline fails only on new ones. A finding is
 * known by a fingerprint of check id, object and JSON Pointer: stable when lines move, changed when
 * the finding moves to another field or object.
 */
public final class Baseline {
  private final Set<String> fingerprints;

  public Baseline(Set<String> fingerprints) {
    this.fingerprints = Set.copyOf(fingerprints);
  }

  public static Baseline of(List<Finding> findings) {
    Set<String> fps = new TreeSet<>();
    findings.forEach(f -> fps.add(fingerprint(f)));
    return new Baseline(fps);
  }

  public boolean contains(Finding f) {
    return fingerprints.contains(fingerprint(f));
  }

  /** Sorted fingerprints, for writing. */
  public List<String> fingerprints() {
    return List.copyOf(new TreeSet<>(fingerprints));
  }

  public static String fingerprint(Finding f) {
    String key =
        String.join(
            "\u0000",
            f.check().id(),
            f.object().kind(),
            f.object().namespace(),
            f.object().name(),
            f.location().pointer(),
            f.missingField() == null ? "" : f.missingField());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
