package dev.parapet.netpol;

import dev.parapet.netpol.Policy.PeerSpec;
import dev.parapet.netpol.Policy.PortSpec;
import dev.parapet.netpol.Policy.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Why {@code src} may or may not open connections to {@code dst}: the verdict and, for each side
 * (the egress of the source, the ingress of the destination), the policies that isolate the pod and
 * every rule that admits the other peer, with their manifest locations. Built by {@link
 * Connectivity#explain}; its {@link #allowed} always equals {@link Connectivity#allowed} restricted
 * to the ports asked about.
 *
 * @param asked the ports asked about ({@link PortSet#ALL} when every port)
 * @param allowed the ports of {@code asked} that both sides allow; empty means denied
 */
public record Explanation(
    Peer src, Peer dst, PortSet asked, PortSet allowed, Side egress, Side ingress) {

  /** The direction a side's policies govern. */
  public enum Direction {
    EGRESS,
    INGRESS;

    /** {@code egress} or {@code ingress}, as the manifest field is spelled. */
    public String field() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How a side reached its answer. */
  public enum Outcome {
    /** The side is an address outside the cluster: no policy applies to it. */
    NOT_SUBJECT,
    /** No policy selects the pod for this direction, so everything is allowed by default. */
    NOT_ISOLATED,
    /** Some rule admits the other peer on some of the ports asked about. */
    ALLOWED,
    /** Policies isolate the pod but none has a rule of this direction: a default deny. */
    NO_RULES,
    /** Policies have rules of this direction, but none admits the other peer. */
    NO_PEER_MATCH,
    /** Rules admit the other peer, but on none of the ports asked about. */
    NO_PORT_MATCH;

    /** {@code not-subject}, {@code no-peer-match}, ...: the JSON spelling. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One rule that admits the other peer.
   *
   * @param index the rule's position in the policy's {@code ingress} or {@code egress} list
   * @param peers the peer entries that cover the other peer; empty when the rule names no peer
   *     ({@link Rule#anyPeer}), which admits every source or destination
   * @param ports every port the rule opens towards the destination (named ports resolved against
   *     the destination's container ports)
   * @param allowed the part of {@code ports} that was asked about
   * @param unresolved port names of the rule that the destination has no container port for, which
   *     therefore open nothing
   */
  public record RuleMatch(
      Policy policy,
      int index,
      Rule rule,
      List<PeerSpec> peers,
      PortSet ports,
      PortSet allowed,
      List<String> unresolved) {
    public RuleMatch {
      peers = List.copyOf(peers);
      unresolved = List.copyOf(unresolved);
    }
  }

  /**
   * A rule with an ipBlock that covers only part of an outside address range asked about (the block
   * or its exceptions cut through the range), so it admits some of its addresses but not the range
   * as a whole.
   *
   * @param peers the ipBlock entries that overlap the range
   */
  public record PartialMatch(Policy policy, int index, Rule rule, List<PeerSpec> peers) {
    public PartialMatch {
      peers = List.copyOf(peers);
    }
  }

  /**
   * One side of the connection.
   *
   * @param peer the side whose policies are read: the source for egress, the destination for
   *     ingress
   * @param other the peer those policies must admit
   * @param isolatedBy the policies that select {@code peer} for this direction; empty when it is
   *     open or an external address
   * @param rules every rule of those policies that admits {@code other}, in policy then rule order
   * @param partial when {@code other} is an outside range, the rules not in {@code rules} that
   *     admit only part of it
   * @param allowed the ports asked about that this side allows
   */
  public record Side(
      Direction direction,
      Peer peer,
      Peer other,
      Outcome outcome,
      List<Policy> isolatedBy,
      List<RuleMatch> rules,
      List<PartialMatch> partial,
      PortSet allowed) {
    public Side {
      isolatedBy = List.copyOf(isolatedBy);
      rules = List.copyOf(rules);
      partial = List.copyOf(partial);
    }

    /** Whether policies can apply at all: false for an address outside the cluster. */
    public boolean subjectToPolicies() {
      return peer instanceof PodGroup;
    }

    /** Whether some policy selects the pod for this direction. */
    public boolean isolated() {
      return !isolatedBy.isEmpty();
    }

    /** Whether the pod runs on the node's network (the engine still applies policies to it). */
    public boolean hostNetwork() {
      return peer instanceof PodGroup g && g.hostNetwork();
    }

    /**
     * The ports every rule that admits the peer opens, asked about or not; shows what would be
     * allowed when the outcome is {@link Outcome#NO_PORT_MATCH}.
     */
    public PortSet ruleOpens() {
      PortSet out = PortSet.NONE;
      for (RuleMatch m : rules) {
        out = out.union(m.ports());
      }
      return out;
    }
  }

  /** Whether some port asked about is allowed. */
  public boolean isAllowed() {
    return !allowed.isEmpty();
  }

  /** Whether both sides allow something asked about yet nothing in common. */
  public boolean sidesDisjoint() {
    return !egress.allowed().isEmpty() && !ingress.allowed().isEmpty() && allowed.isEmpty();
  }

  static Explanation of(Connectivity c, Peer src, Peer dst, PortSet asked) {
    Side egress = side(c, Direction.EGRESS, src, dst, dst, asked);
    Side ingress = side(c, Direction.INGRESS, dst, src, dst, asked);
    return new Explanation(
        src, dst, asked, egress.allowed().intersect(ingress.allowed()), egress, ingress);
  }

  private static Side side(
      Connectivity c, Direction direction, Peer peer, Peer other, Peer target, PortSet asked) {
    if (!(peer instanceof PodGroup pod)) {
      return new Side(
          direction, peer, other, Outcome.NOT_SUBJECT, List.of(), List.of(), List.of(), asked);
    }
    boolean ingress = direction == Direction.INGRESS;
    List<Policy> selecting = ingress ? c.ingressPolicies(pod) : c.egressPolicies(pod);
    if (selecting.isEmpty()) {
      return new Side(
          direction, peer, other, Outcome.NOT_ISOLATED, List.of(), List.of(), List.of(), asked);
    }
    List<RuleMatch> matches = new ArrayList<>();
    List<PartialMatch> partial = new ArrayList<>();
    boolean anyRule = false;
    PortSet allowed = PortSet.NONE;
    for (Policy p : selecting) {
      List<Rule> rules = ingress ? p.ingress() : p.egress();
      for (int i = 0; i < rules.size(); i++) {
        Rule r = rules.get(i);
        anyRule = true;
        List<PeerSpec> peers = new ArrayList<>();
        if (!r.anyPeer()) {
          List<PeerSpec> overlapping = new ArrayList<>();
          for (PeerSpec s : r.peers()) {
            if (c.matches(p, s, other)) {
              peers.add(s);
            } else if (other instanceof IpRange range
                && s.cidr().isPresent()
                && s.cidr().get().overlaps(range)
                && Connectivity.remainder(s.cidr().get(), s.except()).stream()
                    .anyMatch(b -> b.overlaps(range))) {
              overlapping.add(s);
            }
          }
          if (peers.isEmpty()) {
            if (!overlapping.isEmpty()) {
              partial.add(new PartialMatch(p, i, r, overlapping));
            }
            continue;
          }
        }
        PortSet ports = Connectivity.ports(r, target);
        PortSet mine = ports.intersect(asked);
        allowed = allowed.union(mine);
        matches.add(new RuleMatch(p, i, r, peers, ports, mine, unresolved(r, target)));
      }
    }
    Outcome outcome;
    if (!allowed.isEmpty()) {
      outcome = Outcome.ALLOWED;
    } else if (!matches.isEmpty()) {
      outcome = Outcome.NO_PORT_MATCH;
    } else if (anyRule) {
      outcome = Outcome.NO_PEER_MATCH;
    } else {
      outcome = Outcome.NO_RULES;
    }
    return new Side(direction, peer, other, outcome, selecting, matches, partial, allowed);
  }

  /** The port names of a rule that {@code target} has no container port for. */
  private static List<String> unresolved(Rule r, Peer target) {
    List<String> out = new ArrayList<>();
    for (PortSpec s : r.ports()) {
      if (s.port().isEmpty() && s.name().isPresent()) {
        boolean found =
            target instanceof PodGroup g
                && g.namedPorts().stream()
                    .anyMatch(
                        np -> np.name().equals(s.name().get()) && np.protocol() == s.protocol());
        if (!found) {
          out.add(s.name().get() + "/" + s.protocol());
        }
      }
    }
    return out;
  }
}
