package dev.parapet.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attack graph of an inventory: vertices (identities, pods, containers, volumes, nodes,
 * endpoints, crown jewels, entry points) and edges (attack techniques with their evidence).
 * Immutable once built; vertices and edges keep the order the builders added them in.
 */
public final class AttackGraph {
  private final List<Vertex> vertices;
  private final Map<String, Integer> index;
  private final List<Edge> edges;
  private final int[][] outgoing;

  private AttackGraph(List<Vertex> vertices, List<Edge> edges) {
    this.vertices = List.copyOf(vertices);
    this.edges = List.copyOf(edges);
    this.index = new HashMap<>(vertices.size() * 2);
    for (int i = 0; i < this.vertices.size(); i++) {
      index.put(this.vertices.get(i).id(), i);
    }
    int[] counts = new int[vertices.size()];
    for (Edge e : this.edges) {
      counts[index.get(e.from())]++;
    }
    outgoing = new int[vertices.size()][];
    for (int i = 0; i < counts.length; i++) {
      outgoing[i] = new int[counts[i]];
      counts[i] = 0;
    }
    for (int e = 0; e < this.edges.size(); e++) {
      int from = index.get(this.edges.get(e).from());
      outgoing[from][counts[from]++] = e;
    }
  }

  public List<Vertex> vertices() {
    return vertices;
  }

  public List<Edge> edges() {
    return edges;
  }

  public Optional<Vertex> vertex(String id) {
    Integer i = index.get(id);
    return i == null ? Optional.empty() : Optional.of(vertices.get(i));
  }

  /** The vertex's position, for the int-indexed views {@link #out} and {@link #edge}. */
  int indexOf(String id) {
    Integer i = index.get(id);
    if (i == null) {
      throw new IllegalArgumentException("no vertex " + id);
    }
    return i;
  }

  /** The indexes of the edges leaving the vertex at {@code vertex}. */
  int[] out(int vertex) {
    return outgoing[vertex];
  }

  Edge edge(int i) {
    return edges.get(i);
  }

  /** The edges leaving a vertex. */
  public List<Edge> outgoing(String id) {
    List<Edge> out = new ArrayList<>();
    for (int e : outgoing[indexOf(id)]) {
      out.add(edges.get(e));
    }
    return out;
  }

  public static Builder builder(Techniques techniques) {
    return new Builder(techniques);
  }

  /** Collects vertices and edges; a vertex added twice keeps its first form. */
  public static final class Builder {
    private final Techniques techniques;
    private final Map<String, Vertex> vertices = new LinkedHashMap<>();
    private final Map<List<String>, Edge> edges = new LinkedHashMap<>();

    private Builder(Techniques techniques) {
      this.techniques = techniques;
    }

    /** Adds the vertex unless one with its id exists; returns the vertex kept. */
    public Vertex vertex(Vertex v) {
      return vertices.computeIfAbsent(v.id(), k -> v);
    }

    public boolean has(String id) {
      return vertices.containsKey(id);
    }

    public Optional<Vertex> get(String id) {
      return Optional.ofNullable(vertices.get(id));
    }

    /** The vertices added so far, in order: later builders find earlier builders' vertices. */
    public List<Vertex> vertices() {
      return List.copyOf(vertices.values());
    }

    /**
     * Adds an edge between two vertices already added. The same technique between the same two
     * vertices is one edge: the first keeps its explanation, and later evidence is added to it.
     */
    public void edge(Edge e) {
      if (techniques.get(e.technique()).isEmpty()) {
        throw new IllegalArgumentException("technique " + e.technique() + " is not catalogued");
      }
      if (!vertices.containsKey(e.from()) || !vertices.containsKey(e.to())) {
        throw new IllegalArgumentException(
            "edge " + e.technique() + " between unknown vertices " + e.from() + " -> " + e.to());
      }
      List<String> key = List.of(e.from(), e.to(), e.technique());
      edges.merge(
          key,
          e,
          (a, b) -> {
            List<dev.parapet.model.Location> evidence = new ArrayList<>(a.evidence());
            b.evidence().stream().filter(l -> !evidence.contains(l)).forEach(evidence::add);
            List<String> fixedBy = new ArrayList<>(a.fixedBy());
            b.fixedBy().stream().filter(f -> !fixedBy.contains(f)).forEach(fixedBy::add);
            return new Edge(a.from(), a.to(), a.technique(), a.explanation(), evidence, fixedBy);
          });
    }

    public AttackGraph build() {
      return new AttackGraph(new ArrayList<>(vertices.values()), new ArrayList<>(edges.values()));
    }
  }
}
