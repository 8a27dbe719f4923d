package dev.parapet.threat;

/** Whether the scanned cluster is open to a threat. */
public enum Status {
  /** A deciding finding, attack-graph edge or benchmark result is present. */
  EXPOSED("exposed"),
  /** The needed input is present and nothing that decides the threat fires. */
  MITIGATED("mitigated"),
  /** The input lacks what the threat needs to be judged. */
  UNKNOWN("unknown");

  private final String label;

  Status(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
