package dev.parapet.check;

/** The STRIDE threat category a check guards against. */
public enum Stride {
  SPOOFING("Spoofing"),
  TAMPERING("Tampering"),
  REPUDIATION("Repudiation"),
  INFORMATION_DISCLOSURE("Information disclosure"),
  DENIAL_OF_SERVICE("Denial of service"),
  ELEVATION_OF_PRIVILEGE("Elevation of privilege");

  private final String label;

  Stride(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
