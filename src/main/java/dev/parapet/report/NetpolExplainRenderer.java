package dev.parapet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.model.LabelSelector;
import dev.parapet.model.Location;
import dev.parapet.netpol.Explanation;
import dev.parapet.netpol.Explanation.PartialMatch;
import dev.parapet.netpol.Explanation.RuleMatch;
import dev.parapet.netpol.Explanation.Side;
import dev.parapet.netpol.IpRange;
import dev.parapet.netpol.Peer;
import dev.parapet.netpol.Policy;
import dev.parapet.netpol.Policy.PeerSpec;
import dev.parapet.netpol.PortQuery;
import dev.parapet.netpol.PortSet;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Renders {@code parapet netpol explain}: why a connection is allowed or denied. */
public final class NetpolExplainRenderer {
  public static final String SCHEMA_VERSION = "1";

  private static final String HOST_NETWORK_NOTE =
      "runs on the host network: parapet applies policies to it as netpol-analyzer does, but"
          + " Kubernetes leaves policies for host-network pods undefined and most network plugins"
          + " ignore them";

  private NetpolExplainRenderer() {}

  /** How a port set reads here: {@code all}, {@code none}, or protocols with ports. */
  static String ports(PortSet ports) {
    return ports.isEmpty() ? "none" : NetpolRenderer.ports(ports);
  }

  /** What was asked about: {@code every port}, or the port (with its name when one was given). */
  static String asked(Explanation e, Optional<PortQuery> port) {
    if (port.isEmpty()) {
      return "every port";
    }
    return ports(e.asked())
        + port.get().name().map(n -> " (port " + n + " of " + name(e.dst()) + ")").orElse("");
  }

  public static void text(Explanation e, Optional<PortQuery> port, Appendable out)
      throws IOException {
    String arrow = name(e.src()) + " -> " + name(e.dst());
    if (e.isAllowed()) {
      String on = port.isPresent() ? asked(e, port) : allPorts(e.allowed());
      out.append("allowed: ").append(arrow).append(" on ").append(on).append('\n');
    } else {
      out.append("denied: ").append(arrow).append(" on ").append(asked(e, port)).append('\n');
    }
    side(e.egress(), port.isPresent(), out);
    side(e.ingress(), port.isPresent(), out);
    if (e.sidesDisjoint()) {
      out.append("\nnothing in common: egress allows ")
          .append(allPorts(e.egress().allowed()))
          .append(", ingress allows ")
          .append(allPorts(e.ingress().allowed()))
          .append('\n');
    }
  }

  private static String allPorts(PortSet p) {
    return p.isAll() ? "all ports" : ports(p);
  }

  private static void side(Side s, boolean portAsked, Appendable out) throws IOException {
    String direction = s.direction().field();
    String other = name(s.other());
    out.append('\n').append(direction).append(" of ").append(name(s.peer())).append(": ");
    out.append(
        switch (s.outcome()) {
          case NOT_SUBJECT -> "not subject to policies (outside the cluster)";
          case NOT_ISOLATED ->
              "allowed by default (no NetworkPolicy selects it for " + direction + ")";
          case ALLOWED ->
              "allows "
                  + allPorts(s.allowed())
                  + (s.direction() == Explanation.Direction.INGRESS ? " from " : " to ")
                  + other;
          case NO_RULES ->
              "denied: the policies that select it for "
                  + direction
                  + " have no "
                  + direction
                  + " rule";
          case NO_PEER_MATCH ->
              "denied: no "
                  + direction
                  + " rule admits "
                  + (s.partial().isEmpty() ? "" : "the whole of ")
                  + other;
          case NO_PORT_MATCH ->
              portAsked && !s.ruleOpens().isEmpty()
                  ? "denied: rules admit " + other + " but only on " + allPorts(s.ruleOpens())
                  : "denied: rules admit " + other + " but open no port of it";
        });
    out.append('\n');
    if (s.hostNetwork()) {
      out.append("  note: ").append(name(s.peer())).append(' ').append(HOST_NETWORK_NOTE);
      out.append('\n');
    }
    for (Policy p : s.isolatedBy()) {
      out.append("  isolated by ")
          .append(name(p))
          .append(" (")
          .append(p.object().location().display())
          .append(")\n");
    }
    for (RuleMatch m : s.rules()) {
      out.append("  rule ")
          .append(name(m.policy()))
          .append(' ')
          .append(direction)
          .append('[')
          .append(Integer.toString(m.index()))
          .append("] (")
          .append(m.rule().location().display())
          .append(") admits ")
          .append(other)
          .append(" on ")
          .append(allPorts(m.ports()));
      if (portAsked && m.allowed().isEmpty()) {
        out.append(", not the port asked about");
      }
      out.append('\n');
      if (m.peers().isEmpty()) {
        out.append("    through no ")
            .append(s.direction() == Explanation.Direction.INGRESS ? "from" : "to")
            .append(": every peer\n");
      }
      for (PeerSpec p : m.peers()) {
        out.append("    through ")
            .append(describe(p))
            .append(" (")
            .append(p.location().display())
            .append(")\n");
      }
      for (String name : m.unresolved()) {
        out.append("    port ")
            .append(name)
            .append(": ")
            .append(s.direction() == Explanation.Direction.INGRESS ? "it" : other)
            .append(" has no container port of that name, so it opens nothing\n");
      }
    }
    partial(s, out);
  }

  private static void partial(Side s, Appendable out) throws IOException {
    String direction = s.direction().field();
    for (PartialMatch m : s.partial()) {
      out.append("  rule ")
          .append(name(m.policy()))
          .append(' ')
          .append(direction)
          .append('[')
          .append(Integer.toString(m.index()))
          .append("] (")
          .append(m.rule().location().display())
          .append(") admits only part of ")
          .append(name(s.other()))
          .append('\n');
      for (PeerSpec p : m.peers()) {
        out.append("    through ")
            .append(describe(p))
            .append(" (")
            .append(p.location().display())
            .append(")\n");
      }
    }
    if (!s.partial().isEmpty()) {
      out.append("  ask about a narrower address block to see which part is admitted\n");
    }
  }

  public static void json(Explanation e, Optional<PortQuery> port, Appendable out)
      throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("src", e.src().display());
    root.put("dst", e.dst().display());
    root.put("srcExternal", e.src() instanceof IpRange);
    root.put("dstExternal", e.dst() instanceof IpRange);
    if (port.isPresent()) {
      ObjectNode asked = root.putObject("port");
      asked.put("asked", port.get().text());
      asked.put("ports", ports(port.get().ports()));
      asked.put("name", port.get().name().orElse(null));
    } else {
      root.putNull("port");
    }
    root.put("allowed", e.isAllowed());
    root.put("ports", ports(e.allowed()));
    ranges(root.putArray("portRanges"), e.allowed());
    side(root.putObject("egress"), e.egress());
    side(root.putObject("ingress"), e.ingress());
    Tool.writeJson(root, out);
  }

  private static void side(ObjectNode o, Side s) {
    o.put("peer", s.peer().display());
    o.put("subjectToPolicies", s.subjectToPolicies());
    o.put("hostNetwork", s.hostNetwork());
    o.put("isolated", s.isolated());
    o.put("outcome", s.outcome().id());
    o.put("allowed", !s.allowed().isEmpty());
    o.put("ports", ports(s.allowed()));
    ArrayNode isolatedBy = o.putArray("isolatedBy");
    for (Policy p : s.isolatedBy()) {
      ObjectNode policy = isolatedBy.addObject();
      policy.put("policy", name(p));
      location(policy, p.object().location());
    }
    ArrayNode rules = o.putArray("rules");
    for (RuleMatch m : s.rules()) {
      ObjectNode rule = rules.addObject();
      rule.put("policy", name(m.policy()));
      rule.put("index", m.index());
      location(rule, m.rule().location());
      rule.put("anyPeer", m.peers().isEmpty());
      ArrayNode peers = rule.putArray("peers");
      for (PeerSpec p : m.peers()) {
        ObjectNode peer = peers.addObject();
        peer.put("selects", describe(p));
        location(peer, p.location());
      }
      rule.put("ports", ports(m.ports()));
      rule.put("allowedPorts", ports(m.allowed()));
      ArrayNode unresolved = rule.putArray("unresolvedPortNames");
      m.unresolved().forEach(unresolved::add);
    }
    ArrayNode partial = o.putArray("partialRules");
    for (PartialMatch m : s.partial()) {
      ObjectNode rule = partial.addObject();
      rule.put("policy", name(m.policy()));
      rule.put("index", m.index());
      location(rule, m.rule().location());
      ArrayNode peers = rule.putArray("peers");
      for (PeerSpec p : m.peers()) {
        ObjectNode peer = peers.addObject();
        peer.put("selects", describe(p));
        location(peer, p.location());
      }
    }
  }

  private static void location(ObjectNode o, Location l) {
    o.put("file", l.file());
    o.put("line", l.line());
    o.put("column", l.column());
  }

  private static void ranges(ArrayNode array, PortSet ports) {
    ports
        .ranges()
        .forEach(
            (protocol, rs) ->
                rs.forEach(
                    r ->
                        array
                            .addObject()
                            .put("protocol", protocol.name())
                            .put("from", r.from())
                            .put("to", r.to())));
  }

  private static String name(Policy p) {
    return p.namespace() + "/" + p.object().name();
  }

  /**
   * A peer entry as it reads in the manifest, compacted: {@code namespaceSelector {team=x} and
   * podSelector {app=api}}, {@code podSelector {app=web} in namespace shop}, {@code ipBlock
   * 10.0.0.0/8 except 10.1.0.0/16}.
   */
  public static String describe(PeerSpec p) {
    if (p.cidr().isPresent()) {
      StringBuilder s = new StringBuilder("ipBlock ").append(cidr(p.cidr().get()));
      if (!p.except().isEmpty()) {
        List<String> except = new ArrayList<>();
        p.except().forEach(r -> except.add(cidr(r)));
        s.append(" except ").append(String.join(", ", except));
      }
      return s.toString();
    }
    List<String> parts = new ArrayList<>();
    p.namespaceSelector().ifPresent(n -> parts.add("namespaceSelector " + selector(n)));
    p.podSelector().ifPresent(n -> parts.add("podSelector " + selector(n)));
    String out = String.join(" and ", parts);
    return p.namespaceSelector().isEmpty() ? out + " in the policy's namespace" : out;
  }

  /** {@code {app=api,tier in (a,b),!legacy}}; {@code {}} selects everything. */
  static String selector(LabelSelector s) {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(s.matchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
    for (LabelSelector.Requirement r : s.matchExpressions()) {
      parts.add(
          switch (r.operator()) {
            case "In" -> r.key() + " in (" + String.join(",", r.values()) + ")";
            case "NotIn" -> r.key() + " notin (" + String.join(",", r.values()) + ")";
            case "Exists" -> r.key();
            case "DoesNotExist" -> "!" + r.key();
            default -> r.key() + " " + r.operator() + " (" + String.join(",", r.values()) + ")";
          });
    }
    return "{" + String.join(",", parts) + "}";
  }

  /**
   * A peer as the text output names it: a workload as the matrix does, an address range as the
   * address or CIDR it is when it is one ({@code 203.0.113.7[External]}, {@code
   * 10.0.0.0/8[External]}).
   */
  static String name(Peer p) {
    if (p instanceof IpRange r) {
      String c = cidr(r);
      String single = r.v6() ? "/128" : "/32";
      return (c.endsWith(single) ? c.substring(0, c.length() - single.length()) : c) + "[External]";
    }
    return p.display();
  }

  /**
   * A range that came from a CIDR, written back as one: {@code 10.0.0.0/8}, {@code 2001:db8::/32}.
   */
  static String cidr(IpRange r) {
    String first = r.text(r.first());
    BigInteger size = r.last().subtract(r.first()).add(BigInteger.ONE);
    int bits = r.v6() ? 128 : 32;
    if (size.bitCount() != 1 || r.first().mod(size).signum() != 0) {
      return first + "-" + r.text(r.last());
    }
    return first + "/" + (bits - (size.bitLength() - 1));
  }
}
