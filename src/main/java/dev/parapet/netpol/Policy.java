package dev.parapet.netpol;

import dev.parapet.model.K8sObject;
import dev.parapet.model.LabelSelector;
import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A networking.k8s.io/v1 NetworkPolicy reduced to what decides connectivity. Absent and empty
 * fields keep their API meaning: no {@code from}/{@code to} or no {@code ports} means all, an
 * absent rule list with the policy type set means deny.
 */
public record Policy(
    K8sObject object,
    String namespace,
    LabelSelector podSelector,
    boolean ingressType,
    boolean egressType,
    List<Rule> ingress,
    List<Rule> egress) {
  /**
   * One ingress or egress rule. {@code anyPeer} and {@code anyPort} are true when the manifest
   * leaves the list out or empty, which the API reads as all; a list whose every entry is
   * unreadable (a bad CIDR, an unknown protocol) stays a list that matches nothing, so bad input
   * never widens what a policy allows.
   */
  public record Rule(
      Location location,
      boolean anyPeer,
      List<PeerSpec> peers,
      boolean anyPort,
      List<PortSpec> ports) {
    public Rule {
      peers = List.copyOf(peers);
      ports = List.copyOf(ports);
    }
  }

  /**
   * A peer: pods by selector in the policy's namespace, namespaces by selector (both given means
   * both must hold), or an address block with exceptions. {@code location} is the peer's entry in
   * the manifest.
   */
  public record PeerSpec(
      Location location,
      Optional<LabelSelector> podSelector,
      Optional<LabelSelector> namespaceSelector,
      Optional<IpRange> cidr,
      List<IpRange> except) {
    public PeerSpec {
      except = List.copyOf(except);
    }
  }

  /**
   * A port: a number (with an optional endPort), a container port's name, or absent for every port
   * of the protocol.
   */
  public record PortSpec(
      PortSet.Protocol protocol, Optional<Integer> port, Optional<String> name, int endPort) {}

  public Policy {
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
  }

  public static Policy of(K8sObject o) {
    return of(o, problem -> {});
  }

  /**
   * Reads a policy and reports each part the API server would reject (a CIDR it cannot parse, an
   * unknown protocol) as a warning at that field; such a part allows nothing.
   */
  public static Policy of(K8sObject o, Consumer<Problem> problems) {
    MapNode spec = o.root().map("spec").orElse(null);
    LabelSelector pods =
        spec == null
            ? new LabelSelector(java.util.Map.of(), List.of())
            : spec.map("podSelector")
                .map(LabelSelector::read)
                .orElse(new LabelSelector(java.util.Map.of(), List.of()));
    List<Rule> ingress = spec == null ? List.of() : rules(o, spec, "ingress", "from", problems);
    List<Rule> egress = spec == null ? List.of() : rules(o, spec, "egress", "to", problems);
    List<String> types = new ArrayList<>();
    if (spec != null) {
      for (Node n : spec.seq("policyTypes").map(SeqNode::items).orElse(List.of())) {
        if (n instanceof ScalarNode s) {
          types.add(s.value());
        }
      }
    }
    boolean declared = spec != null && spec.seq("policyTypes").isPresent();
    boolean in = declared ? types.contains("Ingress") : true;
    boolean eg =
        declared ? types.contains("Egress") : spec != null && spec.get("egress").isPresent();
    return new Policy(o, o.effectiveNamespace(), pods, in, eg, ingress, egress);
  }

  private static List<Rule> rules(
      K8sObject o, MapNode spec, String field, String peersField, Consumer<Problem> problems) {
    List<Rule> out = new ArrayList<>();
    for (MapNode r : maps(spec.seq(field))) {
      List<PeerSpec> peers = new ArrayList<>();
      for (MapNode p : maps(r.seq(peersField))) {
        Optional<IpRange> cidr = Optional.empty();
        List<IpRange> except = new ArrayList<>();
        Optional<MapNode> block = p.map("ipBlock");
        if (block.isPresent()) {
          cidr = block.get().string("cidr").flatMap(IpRange::parseCidr);
          if (cidr.isEmpty()) {
            // an unreadable block would be rejected by the API server; it allows nothing here
            problems.accept(
                problem(
                    o,
                    block.get().get("cidr").map(n -> (Node) n).orElse(block.get()),
                    "ipBlock.cidr: expected an address block such as 10.0.0.0/8; the peer allows"
                        + " nothing"));
            continue;
          }
          for (Node e : block.get().seq("except").map(SeqNode::items).orElse(List.of())) {
            Optional<IpRange> range =
                e instanceof ScalarNode s ? IpRange.parseCidr(s.value()) : Optional.empty();
            if (range.isPresent()) {
              except.add(range.get());
            } else {
              problems.accept(
                  problem(
                      o,
                      e,
                      "ipBlock.except: expected an address block such as 10.1.0.0/16; ignored"));
            }
          }
        }
        peers.add(
            new PeerSpec(
                o.locationOf(p),
                p.map("podSelector").map(LabelSelector::read),
                p.map("namespaceSelector").map(LabelSelector::read),
                cidr,
                except));
      }
      List<PortSpec> ports = new ArrayList<>();
      for (MapNode p : maps(r.seq("ports"))) {
        PortSet.Protocol proto;
        try {
          proto = PortSet.Protocol.valueOf(p.string("protocol").orElse("TCP"));
        } catch (IllegalArgumentException e) {
          problems.accept(
              problem(
                  o,
                  p.get("protocol").orElse(p),
                  "ports.protocol: expected TCP, UDP or SCTP; the port allows nothing"));
          continue;
        }
        Optional<ScalarNode> port = p.scalar("port").filter(s -> !s.isNull());
        Optional<Integer> number = port.flatMap(ScalarNode::asLong).map(Long::intValue);
        Optional<String> name = number.isPresent() ? Optional.empty() : port.map(ScalarNode::value);
        int end = p.integer("endPort").map(Long::intValue).orElse(number.orElse(0));
        ports.add(new PortSpec(proto, number, name, end));
      }
      out.add(
          new Rule(
              o.locationOf(r),
              maps(r.seq(peersField)).isEmpty(),
              peers,
              maps(r.seq("ports")).isEmpty(),
              ports));
    }
    return out;
  }

  private static Problem problem(K8sObject o, Node at, String message) {
    Location l = o.locationOf(at);
    return Problem.warning(l.file(), l.line(), l.column(), o.ref() + ": " + message);
  }

  private static List<MapNode> maps(Optional<SeqNode> seq) {
    List<MapNode> out = new ArrayList<>();
    for (Node n : seq.map(SeqNode::items).orElse(List.of())) {
      if (n instanceof MapNode m) {
        out.add(m);
      }
    }
    return out;
  }
}
