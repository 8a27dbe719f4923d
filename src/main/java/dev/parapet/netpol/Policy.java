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
   * leaves the list out, null or empty, which the API reads as all; a list whose every entry is
   * unreadable (a bad CIDR, an unknown protocol, a scalar where a map belongs, a peer naming
   * nothing) stays a list that matches nothing, as does a value that is not a list, so bad input
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
   * unknown protocol, a peer or port that is not a map, a peer that names nothing) as a warning at
   * that field; such a part allows nothing.
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
      for (Node n : list(o, spec, "policyTypes", problems)) {
        if (n instanceof ScalarNode s
            && (s.value().equals("Ingress") || s.value().equals("Egress"))) {
          types.add(s.value());
        } else {
          problems.accept(problem(o, n, "policyTypes: expected Ingress or Egress; ignored"));
        }
      }
    }
    // SetDefaults_NetworkPolicySpec (k8s.io/kubernetes pkg/apis/networking/v1/defaults.go): when
    // len(policyTypes) == 0 (absent, null or []), the types are Ingress, plus Egress when
    // len(egress) != 0 — an absent, null or empty egress list does not make an egress policy.
    boolean defaulted = spec == null || spec.seq("policyTypes").map(SeqNode::length).orElse(0) == 0;
    boolean in = defaulted || types.contains("Ingress");
    boolean eg =
        defaulted
            ? spec != null && spec.seq("egress").map(SeqNode::length).orElse(0) != 0
            : types.contains("Egress");
    return new Policy(o, o.effectiveNamespace(), pods, in, eg, ingress, egress);
  }

  /**
   * The items of a list field; absent and null are an empty list, as the API decodes them. Any
   * other value cannot be decoded (the API server rejects the object): it is warned about and read
   * as an empty list, and the caller makes sure that allows nothing.
   */
  private static List<Node> list(
      K8sObject o, MapNode parent, String field, Consumer<Problem> problems) {
    Optional<Node> n = parent.get(field);
    if (n.isEmpty() || (n.get() instanceof ScalarNode s && s.isNull())) {
      return List.of();
    }
    if (n.get() instanceof SeqNode seq) {
      return seq.items();
    }
    problems.accept(problem(o, n.get(), field + ": expected a list; it allows nothing"));
    return List.of();
  }

  /** True when the field holds something other than absent, null or a list: a decode error. */
  private static boolean notAList(MapNode parent, String field) {
    Optional<Node> n = parent.get(field);
    return n.isPresent()
        && !(n.get() instanceof SeqNode)
        && !(n.get() instanceof ScalarNode s && s.isNull());
  }

  private static List<Rule> rules(
      K8sObject o, MapNode spec, String field, String peersField, Consumer<Problem> problems) {
    List<Rule> out = new ArrayList<>();
    for (Node item : list(o, spec, field, problems)) {
      MapNode r;
      if (item instanceof MapNode m) {
        r = m;
      } else if (item instanceof ScalarNode s && s.isNull()) {
        // a null item decodes to the zero value of the rule, {}: every peer on every port
        out.add(new Rule(o.locationOf(item), true, List.of(), true, List.of()));
        continue;
      } else {
        problems.accept(
            problem(o, item, field + ": expected a rule (a map); the rule allows nothing"));
        continue;
      }
      List<Node> peerItems = list(o, r, peersField, problems);
      List<PeerSpec> peers = new ArrayList<>();
      for (Node item2 : peerItems) {
        peer(o, peersField, item2, problems).ifPresent(peers::add);
      }
      List<Node> portItems = list(o, r, "ports", problems);
      List<PortSpec> ports = new ArrayList<>();
      for (Node item2 : portItems) {
        port(o, item2, problems).ifPresent(ports::add);
      }
      out.add(
          new Rule(
              o.locationOf(r),
              peerItems.isEmpty() && !notAList(r, peersField),
              peers,
              portItems.isEmpty() && !notAList(r, "ports"),
              ports));
    }
    return out;
  }

  /**
   * One {@code from}/{@code to} entry, or empty when the API server would reject it
   * (ValidateNetworkPolicyPeer): not a map, none of podSelector, namespaceSelector and ipBlock set
   * ("must specify a peer"), ipBlock beside another selector, or an ipBlock that is not a valid
   * CIDR with exceptions strictly inside it.
   */
  private static Optional<PeerSpec> peer(
      K8sObject o, String field, Node item, Consumer<Problem> problems) {
    if (!(item instanceof MapNode p)) {
      problems.accept(
          problem(
              o,
              item,
              field
                  + ": expected a peer (a map with podSelector, namespaceSelector or ipBlock);"
                  + " the peer allows nothing"));
      return Optional.empty();
    }
    int kinds = 0;
    for (String key : List.of("podSelector", "namespaceSelector", "ipBlock")) {
      Optional<Node> v = p.get(key);
      if (v.isEmpty() || (v.get() instanceof ScalarNode s && s.isNull())) {
        continue;
      }
      if (!(v.get() instanceof MapNode)) {
        problems.accept(
            problem(o, v.get(), field + "." + key + ": expected a map; the peer allows nothing"));
        return Optional.empty();
      }
      kinds++;
    }
    if (kinds == 0) {
      problems.accept(
          problem(
              o,
              p,
              field
                  + ": the peer names no podSelector, namespaceSelector or ipBlock (the API"
                  + " rejects it: must specify a peer); the peer allows nothing"));
      return Optional.empty();
    }
    Optional<MapNode> block = p.map("ipBlock");
    Optional<IpRange> cidr = Optional.empty();
    List<IpRange> except = new ArrayList<>();
    if (block.isPresent()) {
      if (kinds > 1) {
        problems.accept(
            problem(
                o,
                block.get(),
                field
                    + ": ipBlock beside a podSelector or namespaceSelector (the API rejects it:"
                    + " may not specify both ipBlock and another peer); the peer allows nothing"));
        return Optional.empty();
      }
      cidr = block.get().string("cidr").flatMap(IpRange::parseCidr);
      if (cidr.isEmpty()) {
        problems.accept(
            problem(
                o,
                block.get().get("cidr").map(n -> (Node) n).orElse(block.get()),
                "ipBlock.cidr: expected an address block such as 10.0.0.0/8; the peer allows"
                    + " nothing"));
        return Optional.empty();
      }
      for (Node e : list(o, block.get(), "except", problems)) {
        Optional<IpRange> range =
            e instanceof ScalarNode s && !s.isNull()
                ? IpRange.parseCidr(s.value())
                : Optional.empty();
        // ValidateIPBlock: each exception must be a strict subset of the cidr
        if (range.isEmpty()
            || !cidr.get().contains(range.get())
            || range.get().equals(cidr.get())) {
          problems.accept(
              problem(
                  o,
                  e,
                  "ipBlock.except: expected an address block strictly inside "
                      + block.get().string("cidr").orElse("")
                      + "; the peer allows nothing"));
          return Optional.empty();
        }
        except.add(range.get());
      }
      if (notAList(block.get(), "except")) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new PeerSpec(
            o.locationOf(p),
            p.map("podSelector").map(LabelSelector::read),
            p.map("namespaceSelector").map(LabelSelector::read),
            cidr,
            except));
  }

  /** One {@code ports} entry, or empty when the API server would reject it. */
  private static Optional<PortSpec> port(K8sObject o, Node item, Consumer<Problem> problems) {
    if (item instanceof ScalarNode s && s.isNull()) {
      // a null item decodes to {}: the protocol defaults to TCP and no port means all of them
      return Optional.of(new PortSpec(PortSet.Protocol.TCP, Optional.empty(), Optional.empty(), 0));
    }
    if (!(item instanceof MapNode p)) {
      problems.accept(
          problem(
              o,
              item,
              "ports: expected a map such as {port: 5432, protocol: TCP}; the port allows"
                  + " nothing"));
      return Optional.empty();
    }
    for (String key : List.of("protocol", "port", "endPort")) {
      Optional<Node> v = p.get(key);
      if (v.isPresent() && !(v.get() instanceof ScalarNode)) {
        problems.accept(
            problem(o, v.get(), "ports." + key + ": expected a scalar; the port allows nothing"));
        return Optional.empty();
      }
    }
    PortSet.Protocol proto;
    try {
      proto = PortSet.Protocol.valueOf(p.string("protocol").orElse("TCP"));
    } catch (IllegalArgumentException e) {
      problems.accept(
          problem(
              o,
              p.get("protocol").orElse(p),
              "ports.protocol: expected TCP, UDP or SCTP; the port allows nothing"));
      return Optional.empty();
    }
    Optional<ScalarNode> port = p.scalar("port").filter(s -> !s.isNull());
    Optional<Integer> number = port.flatMap(ScalarNode::asLong).map(Long::intValue);
    Optional<String> name = number.isPresent() ? Optional.empty() : port.map(ScalarNode::value);
    int end = p.integer("endPort").map(Long::intValue).orElse(number.orElse(0));
    return Optional.of(new PortSpec(proto, number, name, end));
  }

  private static Problem problem(K8sObject o, Node at, String message) {
    Location l = o.locationOf(at);
    return Problem.warning(l.file(), l.line(), l.column(), o.ref() + ": " + message);
  }
}
