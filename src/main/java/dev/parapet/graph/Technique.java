package dev.parapet.graph;

/**
 * An attack technique of the catalogue ({@code techniques.yaml}).
 *
 * @param label the edge label, KubeHound's where it has the technique ({@code CE_PRIV_MOUNT})
 * @param title a short name
 * @param mitreId the MITRE ATT&CK technique ({@code T1611})
 * @param mitreName its name ({@code Escape to Host})
 * @param kubehound whether KubeHound has this technique under the same label
 * @param description what the attacker does, and what must hold for the edge to exist
 */
public record Technique(
    String label,
    String title,
    String mitreId,
    String mitreName,
    boolean kubehound,
    String description) {}
