package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parapet.netpol.Explanation.Outcome;
import dev.parapet.netpol.Explanation.RuleMatch;
import dev.parapet.netpol.Explanation.Side;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The verdict of {@link Connectivity#explain} agrees with {@link Connectivity#allowed} on every
 * ordered pair of peers (workloads and the external ranges; of the pairs of two external ranges,
 * which no policy can concern, only the first) of every netpol-analyzer case in
 * ../shared/corpus/netpol, for every port and for each port the policies or containers name (of a
 * case that cuts the outside into more than 100 ranges, only pairs of workloads are asked about
 * single ports), and each explanation is consistent with itself (an outcome matches its ports, a
 * listed peer entry does cover the peer).
 */
class ExplainAgreementTest {
  private static final Path CORPUS = Path.of("..", "shared", "corpus", "netpol");
  private static final int MAX_RANGES_PORT_QUERIES = 100;
  private static final String IPV6 = "src/test/resources/netpol-ipv6/dual-stack.yaml";

  @Test
  void explainAgreesWithAllowedOnEveryPairOfEveryCorpusCase() throws IOException {
    assertThat(Files.isDirectory(CORPUS))
        .as(
            "the netpol-analyzer corpus is missing at %s: check it out beside this clone as"
                + " ../shared/corpus/netpol (CI has it there); these tests fail rather than skip",
            CORPUS.toAbsolutePath())
        .isTrue();
    JsonNode cases = new ObjectMapper().readTree(CORPUS.resolve("cases.json").toFile());
    List<String> disagreements = new ArrayList<>();
    int[] counts = new int[2];
    for (JsonNode c : cases) {
      agree(CORPUS.resolve(c.get("input").asText()), disagreements, counts);
    }
    System.out.printf(
        "netpol explain agreement: %d cases, %d ordered pairs, %d port queries, %d disagree%n",
        cases.size(), counts[0], counts[1], disagreements.size());
    assertThat(disagreements).as("explain disagrees with allowed").isEmpty();
    assertThat(counts[0]).isPositive();
  }

  /**
   * The corpus has no IPv6 block: a dual-stack case (IPv6 egress blocks with an exception, an
   * ingress policy admitting ::/0, IPv6 and IPv4 blocks with named ports) is checked the same way.
   */
  @Test
  void explainAgreesWithAllowedOnIpv6Ranges() {
    List<String> disagreements = new ArrayList<>();
    int[] counts = new int[2];
    Connectivity engine = agree(Path.of(IPV6), disagreements, counts);
    assertThat(engine.externalSources()).anyMatch(IpRange::v6);
    assertThat(engine.externalDestinations()).anyMatch(IpRange::v6);
    assertThat(disagreements).as("explain disagrees with allowed").isEmpty();
    assertThat(counts[0]).isGreaterThan(50);
  }

  /** Checks every pair of one case; counts[0] counts pairs, counts[1] port queries. */
  private static Connectivity agree(Path input, List<String> disagreements, int[] counts) {
    Connectivity engine =
        Connectivity.of(
            Scanner.load(
                    List.of(input.toString()),
                    new ByteArrayInputStream(new byte[0]),
                    Limits.DEFAULT)
                .inventory());
    Set<Peer> peers = new LinkedHashSet<>(engine.groups());
    peers.addAll(engine.externalSources());
    peers.addAll(engine.externalDestinations());
    List<PortSet> ports = askedPorts(engine);
    boolean externalPairChecked = false;
    // ipblockstest_4 cuts the outside into 1277 ranges: its external pairs get every port only
    boolean manyRanges = peers.size() - engine.groups().size() > MAX_RANGES_PORT_QUERIES;
    for (Peer src : peers) {
      for (Peer dst : peers) {
        boolean external = src instanceof IpRange || dst instanceof IpRange;
        if (src instanceof IpRange && dst instanceof IpRange && externalPairChecked) {
          // no policy applies between two outside addresses; one such pair is checked
          continue;
        }
        externalPairChecked |= src instanceof IpRange && dst instanceof IpRange;
        counts[0]++;
        PortSet expected = engine.allowed(src, dst);
        Explanation all = engine.explain(src, dst, PortSet.ALL);
        check(engine, all, expected, input, disagreements);
        for (PortSet port : external && manyRanges ? List.<PortSet>of() : ports) {
          counts[1]++;
          check(
              engine,
              engine.explain(src, dst, port),
              expected.intersect(port),
              input,
              disagreements);
        }
      }
    }
    return engine;
  }

  /** Every port number and container port the case names, once per protocol it is named with. */
  private static List<PortSet> askedPorts(Connectivity engine) {
    Map<String, PortSet> out = new LinkedHashMap<>();
    for (Policy p : engine.policies()) {
      for (Policy.Rule r : p.ingress()) {
        r.ports().forEach(s -> add(out, s));
      }
      for (Policy.Rule r : p.egress()) {
        r.ports().forEach(s -> add(out, s));
      }
    }
    for (PodGroup g : engine.groups()) {
      for (PodGroup.NamedPort np : g.namedPorts()) {
        out.put(np.protocol() + " " + np.port(), PortSet.of(np.protocol(), np.port(), np.port()));
      }
    }
    // a port nothing names
    out.put("UDP 65535", PortSet.of(PortSet.Protocol.UDP, 65535, 65535));
    return List.copyOf(out.values());
  }

  private static void add(Map<String, PortSet> out, Policy.PortSpec s) {
    s.port()
        .ifPresent(
            n -> {
              out.put(s.protocol() + " " + n, PortSet.of(s.protocol(), n, n));
              if (s.endPort() > n) {
                out.put(
                    s.protocol() + " " + s.endPort(),
                    PortSet.of(s.protocol(), s.endPort(), s.endPort()));
              }
            });
  }

  private static void check(
      Connectivity engine,
      Explanation e,
      PortSet expected,
      Path input,
      List<String> disagreements) {
    String where =
        input.getFileName()
            + ": "
            + e.src().display()
            + " -> "
            + e.dst().display()
            + " on "
            + e.asked()
            + ": ";
    if (!e.allowed().equals(expected)) {
      disagreements.add(where + "explain says " + e.allowed() + ", allowed says " + expected);
    }
    if (e.isAllowed() != !expected.isEmpty()) {
      disagreements.add(where + "verdict differs");
    }
    for (Side s : List.of(e.egress(), e.ingress())) {
      String problem = inconsistency(engine, e, s);
      if (problem != null) {
        disagreements.add(where + s.direction().field() + ": " + problem);
      }
    }
  }

  /** What is wrong with a side, or null when its parts agree with one another. */
  private static String inconsistency(Connectivity engine, Explanation e, Side s) {
    boolean pod = s.peer() instanceof PodGroup;
    switch (s.outcome()) {
      case NOT_SUBJECT, NOT_ISOLATED -> {
        if ((s.outcome() == Outcome.NOT_SUBJECT) == pod || s.isolated()) {
          return "outcome " + s.outcome() + " for " + s.peer().display();
        }
        if (!s.allowed().equals(e.asked())) {
          return "an open side allows less than asked";
        }
      }
      case ALLOWED -> {
        if (s.allowed().isEmpty() || !s.isolated()) {
          return "allowed with no ports or no policy";
        }
      }
      case NO_RULES, NO_PEER_MATCH -> {
        if (!s.allowed().isEmpty() || !s.rules().isEmpty() || !s.isolated()) {
          return s.outcome() + " with rules or ports";
        }
      }
      case NO_PORT_MATCH -> {
        if (!s.allowed().isEmpty() || s.rules().isEmpty()) {
          return "a port mismatch without rules";
        }
      }
    }
    if (!s.partial().isEmpty() && !(s.other() instanceof IpRange)) {
      return "a partial match for a workload";
    }
    for (Explanation.PartialMatch m : s.partial()) {
      if (s.rules().stream().anyMatch(r -> r.rule() == m.rule())) {
        return "a rule both admitting and partly admitting";
      }
    }
    PortSet union = PortSet.NONE;
    for (RuleMatch m : s.rules()) {
      if (!s.isolatedBy().contains(m.policy())) {
        return "a rule of a policy that does not isolate the pod";
      }
      for (Policy.PeerSpec p : m.peers()) {
        if (!engine.matches(m.policy(), p, s.other())) {
          return "a listed peer entry that does not cover " + s.other().display();
        }
      }
      if (m.peers().isEmpty() && !m.rule().anyPeer()) {
        return "a rule listed without the peer entry that admits";
      }
      union = union.union(m.allowed());
    }
    if (s.isolated() && !union.equals(s.allowed())) {
      return "the rules' ports " + union + " are not the side's " + s.allowed();
    }
    return null;
  }
}
