package dev.parapet.threat;

import dev.parapet.graph.AttackPath;
import dev.parapet.graph.Edge;
import dev.parapet.model.Location;
import java.util.List;
import java.util.Optional;

/**
 * The threat model of a scanned cluster: what is worth protecting, who attacks it and from where,
 * the boundaries an attack crosses, each threat of the catalogue with its status and evidence, and
 * a data-flow diagram. Built by {@link ThreatModels}; renderers only show it.
 */
public record ThreatModel(
    List<String> inputs,
    List<Asset> assets,
    List<Actor> actors,
    List<EntryPoint> entryPoints,
    List<Boundary> boundaries,
    List<AssessedThreat> threats,
    DataFlow dataFlow) {
  public ThreatModel {
    inputs = List.copyOf(inputs);
    assets = List.copyOf(assets);
    actors = List.copyOf(actors);
    entryPoints = List.copyOf(entryPoints);
    boundaries = List.copyOf(boundaries);
    threats = List.copyOf(threats);
  }

  /** How many threats have {@code status}. */
  public long count(Status status) {
    return threats.stream().filter(t -> t.status() == status).count();
  }

  /**
   * Something worth protecting.
   *
   * @param holdings what of it the input shows ({@code 4 Secrets}, {@code node:(any)}); empty when
   *     the input shows none
   */
  public record Asset(String id, String name, String description, List<String> holdings) {
    public Asset {
      holdings = List.copyOf(holdings);
    }
  }

  /**
   * Who attacks.
   *
   * @param entries the attack-graph entry points they start from ({@code entry:internet})
   * @param paths the shortest path from those entry points to each crown jewel and node reached
   */
  public record Actor(
      String id, String name, String description, List<String> entries, List<AttackPath> paths) {
    public Actor {
      entries = List.copyOf(entries);
      paths = List.copyOf(paths);
    }
  }

  /**
   * A way into the cluster.
   *
   * @param kind {@code LoadBalancer}, {@code NodePort}, {@code ExternalIP}, {@code Ingress}, {@code
   *     HostNetwork}, {@code HostPort}, {@code kube-apiserver}, {@code kubelet}, {@code etcd}
   * @param address where traffic arrives
   * @param reaches the workloads or component behind it
   * @param restricted whether NetworkPolicies restrict it ({@code yes}, {@code no}, {@code
   *     partially}, {@code unknown}); {@code n/a} for control-plane ports
   * @param at the field that creates it
   */
  public record EntryPoint(
      String kind, String address, List<String> reaches, String restricted, Optional<Location> at) {
    public EntryPoint {
      reaches = List.copyOf(reaches);
    }
  }

  /**
   * A trust boundary and the attack-graph edges that cross it.
   *
   * @param crossedBy what crossing it takes, in words
   */
  public record Boundary(String id, String name, String crossedBy, List<Edge> crossings) {
    public Boundary {
      crossings = List.copyOf(crossings);
    }
  }

  /**
   * A threat of the catalogue judged on the input.
   *
   * @param reason why this status, in one sentence
   * @param evidence the findings, edges and benchmark results that decide it; empty unless exposed
   */
  public record AssessedThreat(
      Threat threat, Status status, String reason, List<Evidence> evidence) {
    public AssessedThreat {
      evidence = List.copyOf(evidence);
    }
  }

  /**
   * One piece of evidence.
   *
   * @param kind {@code finding}, {@code edge} or {@code bench}
   * @param id the check id, technique label or benchmark entry
   * @param text the finding's message, the edge's {@code from -> to}, the benchmark's evidence
   * @param at where it is written
   */
  public record Evidence(String kind, String id, String text, Optional<Location> at) {}

  /** The data-flow diagram: zones (boundaries) holding nodes, and flows between nodes. */
  public record DataFlow(List<Zone> zones, List<FlowNode> outside, List<Flow> flows) {
    public DataFlow {
      zones = List.copyOf(zones);
      outside = List.copyOf(outside);
      flows = List.copyOf(flows);
    }
  }

  /** A trust zone: {@code internet}, {@code control-plane} or a namespace. */
  public record Zone(String id, String label, List<FlowNode> nodes) {
    public Zone {
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * A box of the diagram.
   *
   * @param kind {@code internet}, {@code entry-point}, {@code workload}, {@code control-plane}
   */
  public record FlowNode(String id, String label, String kind) {}

  /** A flow of data from one node to another, labelled with what carries it. */
  public record Flow(String from, String to, String label) {}
}
