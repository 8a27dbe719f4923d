package dev.parapet.graph;

import dev.parapet.model.Location;
import java.util.List;

/**
 * An attack technique that takes an attacker from one vertex to another.
 *
 * @param technique the technique's label in {@link Techniques} ({@code CE_PRIV_MOUNT})
 * @param explanation why this edge exists, naming the fields that create it
 * @param evidence where those fields are written
 * @param fixedBy the ids of the checks whose fix removes this edge (empty when none does)
 */
public record Edge(
    String from,
    String to,
    String technique,
    String explanation,
    List<Location> evidence,
    List<String> fixedBy) {
  public Edge {
    evidence = List.copyOf(evidence);
    fixedBy = List.copyOf(fixedBy);
  }
}
