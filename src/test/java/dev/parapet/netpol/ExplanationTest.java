package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parapet.model.Inventory;
import dev.parapet.netpol.Explanation.Outcome;
import dev.parapet.netpol.Explanation.RuleMatch;
import dev.parapet.netpol.Explanation.Side;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Connectivity#explain} on {@code src/test/resources/netpol-explain}: a shop with default
 * deny, exact allow rules, named ports, an ipBlock with an exception and an IPv6 block. Each test
 * pins one way a side decides and the locations it reports.
 */
class ExplanationTest {
  private static final String FILE = "src/test/resources/netpol-explain/cluster.yaml";
  private static final Connectivity SHOP =
      Connectivity.of(
          Scanner.load(
                  List.of("src/test/resources/netpol-explain"),
                  new ByteArrayInputStream(new byte[0]),
                  Limits.DEFAULT)
              .inventory());

  private static Peer peer(String text) {
    return PeerQuery.resolve(SHOP, text);
  }

  private static Explanation explain(String src, String dst) {
    return SHOP.explain(peer(src), peer(dst), PortSet.ALL);
  }

  private static Explanation explain(String src, String dst, String port) {
    Peer d = peer(dst);
    return SHOP.explain(peer(src), d, PortQuery.parse(port, d).ports());
  }

  private static List<String> names(List<Policy> policies) {
    return policies.stream().map(p -> p.namespace() + "/" + p.object().name()).toList();
  }

  @Test
  void aPodNoPolicySelectsIsOpenInThatDirection() {
    Explanation e = explain("tools/debug", "kube-system/node-agent");
    assertThat(e.isAllowed()).isTrue();
    assertThat(e.allowed().isAll()).isTrue();
    for (Side s : List.of(e.egress(), e.ingress())) {
      assertThat(s.outcome()).isEqualTo(Outcome.NOT_ISOLATED);
      assertThat(s.isolated()).isFalse();
      assertThat(s.subjectToPolicies()).isTrue();
      assertThat(s.rules()).isEmpty();
    }
    assertThat(e.ingress().hostNetwork()).isTrue();
    assertThat(e.egress().hostNetwork()).isFalse();
  }

  @Test
  void anIsolatedSideListsItsPoliciesAndTheRuleAndPeerThatAdmitWithTheirLines() {
    Explanation e = explain("shop/api", "data/postgres");
    assertThat(e.allowed()).hasToString("TCP 5432");
    Side egress = e.egress();
    assertThat(egress.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(names(egress.isolatedBy())).containsExactly("shop/default-deny", "shop/api");
    assertThat(egress.isolatedBy().get(0).object().location().line()).isEqualTo(156);
    RuleMatch rule = egress.rules().get(0);
    assertThat(egress.rules()).hasSize(1);
    assertThat(rule.policy().object().name()).isEqualTo("api");
    assertThat(rule.index()).isZero();
    assertThat(rule.rule().location().file()).isEqualTo(FILE);
    assertThat(rule.rule().location().line()).isEqualTo(212);
    assertThat(rule.peers()).singleElement().matches(p -> p.location().line() == 213);
    assertThat(rule.ports()).hasToString("TCP 5432");
    assertThat(rule.allowed()).hasToString("TCP 5432");
    Side ingress = e.ingress();
    assertThat(ingress.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(names(ingress.isolatedBy())).containsExactly("data/postgres");
    // port: pg, resolved against the postgres container
    assertThat(ingress.rules().get(0).ports()).hasToString("TCP 5432");
  }

  @Test
  void aRuleThatAdmitsThePeerOnOtherPortsIsAPortMismatch() {
    Explanation e = explain("shop/api", "data/postgres", "80");
    assertThat(e.isAllowed()).isFalse();
    assertThat(e.asked()).hasToString("TCP 80");
    for (Side s : List.of(e.egress(), e.ingress())) {
      assertThat(s.outcome()).isEqualTo(Outcome.NO_PORT_MATCH);
      assertThat(s.allowed().isEmpty()).isTrue();
      assertThat(s.ruleOpens()).hasToString("TCP 5432");
      assertThat(s.rules()).singleElement().matches(m -> m.allowed().isEmpty());
    }
  }

  @Test
  void aDefaultDenyWithoutRulesIsNoRulesAndRulesForOthersAreNoPeerMatch() {
    // shop/cache[Deployment] is selected only by default-deny: no egress rule at all
    Explanation cache = explain("shop/cache[Deployment]", "tools/debug");
    assertThat(cache.egress().outcome()).isEqualTo(Outcome.NO_RULES);
    assertThat(names(cache.egress().isolatedBy())).containsExactly("shop/default-deny");
    assertThat(cache.ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
    assertThat(cache.isAllowed()).isFalse();
    // web's egress rules name only the api
    Explanation web = explain("shop/web", "data/postgres");
    assertThat(web.egress().outcome()).isEqualTo(Outcome.NO_PEER_MATCH);
    assertThat(web.egress().rules()).isEmpty();
  }

  @Test
  void namedPortsResolveAgainstTheDestinationAndUnknownNamesOpenNothing() {
    Explanation e = explain("shop/web", "shop/api");
    // web may send 9090 and 9100; the api admits its own port "http" (9090), "grpc" it lacks
    assertThat(e.egress().allowed()).hasToString("TCP 9090,9100");
    assertThat(e.ingress().allowed()).hasToString("TCP 9090");
    assertThat(e.allowed()).hasToString("TCP 9090");
    RuleMatch in = e.ingress().rules().get(0);
    assertThat(in.unresolved()).containsExactly("grpc/TCP");
    PortQuery http = PortQuery.parse("http", peer("shop/api"));
    assertThat(http.ports()).hasToString("TCP 9090");
    assertThat(http.name()).contains("http");
    assertThat(SHOP.explain(peer("shop/web"), peer("shop/api"), http.ports()).isAllowed()).isTrue();
    Explanation metrics = explain("shop/web", "shop/api", "metrics");
    assertThat(metrics.egress().outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(metrics.ingress().outcome()).isEqualTo(Outcome.NO_PORT_MATCH);
    assertThat(metrics.isAllowed()).isFalse();
  }

  @Test
  void namespaceSelectorAndPodSelectorInOnePeerMustBothHold() {
    // postgres admits {team=shop} AND {app=api}: the api only
    assertThat(explain("shop/api", "data/postgres").ingress().outcome()).isEqualTo(Outcome.ALLOWED);
    // web is in the right namespace, with the wrong labels
    assertThat(explain("shop/web", "data/postgres").ingress().outcome())
        .isEqualTo(Outcome.NO_PEER_MATCH);
    // debug has no policy of its own, and its namespace is not team=shop
    Explanation debug = explain("tools/debug", "data/postgres");
    assertThat(debug.egress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
    assertThat(debug.ingress().outcome()).isEqualTo(Outcome.NO_PEER_MATCH);
    assertThat(debug.isAllowed()).isFalse();
  }

  @Test
  void ipBlockExceptionsKeepAddressesOutAndExternalPeersHaveNoPolicies() {
    Explanation outside = explain("203.0.113.7", "shop/web");
    assertThat(outside.egress().outcome()).isEqualTo(Outcome.NOT_SUBJECT);
    assertThat(outside.egress().subjectToPolicies()).isFalse();
    assertThat(outside.ingress().outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(outside.allowed()).hasToString("TCP 8080");
    assertThat(outside.ingress().rules().get(0).peers())
        .singleElement()
        .matches(p -> p.cidr().isPresent() && p.except().size() == 1);
    Explanation excepted = explain("10.1.2.3", "shop/web");
    assertThat(excepted.ingress().outcome()).isEqualTo(Outcome.NO_PEER_MATCH);
    assertThat(excepted.isAllowed()).isFalse();
    // a block the rule's exception cuts through is not wholly admitted, as in
    // Connectivity#allowed: the rule is listed as a partial match
    Explanation all = explain("0.0.0.0/0", "shop/web");
    assertThat(all.isAllowed()).isFalse();
    assertThat(all.ingress().outcome()).isEqualTo(Outcome.NO_PEER_MATCH);
    assertThat(all.ingress().partial())
        .singleElement()
        .matches(m -> m.index() == 0 && m.peers().get(0).location().line() == 176);
    // wholly inside the exception: nothing of it is admitted, so no partial match
    assertThat(explain("10.0.0.0/8", "shop/web").ingress().partial()).isEmpty();
    assertThat(excepted.ingress().partial()).isEmpty();
    assertThat(outside.ingress().partial()).isEmpty();
    Explanation v6 = explain("2001:db8::1", "shop/web", "8080/TCP");
    assertThat(v6.isAllowed()).isTrue();
    assertThat(v6.ingress().rules().get(0).peers().get(0).location().line()).isEqualTo(180);
  }

  @Test
  void anExternalDestinationIsDecidedByTheSourcesEgressAlone() {
    Explanation metadata = explain("shop/api", "169.254.169.254");
    assertThat(metadata.egress().outcome()).isEqualTo(Outcome.NO_PEER_MATCH);
    assertThat(metadata.ingress().outcome()).isEqualTo(Outcome.NOT_SUBJECT);
    assertThat(metadata.isAllowed()).isFalse();
    Explanation open = explain("tools/debug", "169.254.169.254", "80");
    assertThat(open.isAllowed()).isTrue();
    assertThat(open.allowed()).hasToString("TCP 80");
  }

  @Test
  void sidesThatAllowDisjointPortsDeny() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: a, namespace: n, labels: {app: a}}
        spec: {containers: [{name: c}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b, namespace: n, labels: {app: b}}
        spec: {containers: [{name: c}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: a-out, namespace: n}
        spec:
          podSelector: {matchLabels: {app: a}}
          policyTypes: [Egress]
          egress:
          - ports: [{port: 80}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: b-in, namespace: n}
        spec:
          podSelector: {matchLabels: {app: b}}
          ingress:
          - ports: [{port: 443}, {protocol: UDP}]
        """;
    ParsedFile f =
        new YamlReader(Limits.DEFAULT).read("np.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    Connectivity c = Connectivity.of(Inventory.build(List.of(f)));
    Explanation e =
        c.explain(PeerQuery.resolve(c, "n/a"), PeerQuery.resolve(c, "n/b"), PortSet.ALL);
    assertThat(e.egress().allowed()).hasToString("TCP 80");
    assertThat(e.ingress().allowed()).hasToString("TCP 443,UDP 1-65535");
    assertThat(e.sidesDisjoint()).isTrue();
    assertThat(e.isAllowed()).isFalse();
    // a rule without from admits every peer: it is listed with no peer entry
    assertThat(e.ingress().rules()).singleElement().matches(m -> m.peers().isEmpty());
    assertThat(e.allowed()).isEqualTo(c.allowed(e.src(), e.dst()));
  }

  @Test
  void peersResolveByFullNameShortNameOrAddress() {
    assertThat(peer("shop/web[Deployment]").display()).isEqualTo("shop/web[Deployment]");
    assertThat(peer("shop/web").display()).isEqualTo("shop/web[Deployment]");
    assertThat(peer("shop/cache[StatefulSet]").display()).isEqualTo("shop/cache[StatefulSet]");
    assertThat(peer("203.0.113.7").display()).isEqualTo("203.0.113.7-203.0.113.7[External]");
    assertThat(peer("10.0.0.0/8").display()).isEqualTo("10.0.0.0-10.255.255.255[External]");
    assertThat(((IpRange) peer("::1")).v6()).isTrue();
  }

  @Test
  void unknownAmbiguousAndMalformedPeersAreRefusedWithCandidates() {
    assertThatThrownBy(() -> peer("shop/cache"))
        .hasMessage(
            "shop/cache: several workloads have that name; name one of"
                + " shop/cache[Deployment], shop/cache[StatefulSet]");
    assertThatThrownBy(() -> peer("shop/web[StatefulSet]"))
        .hasMessage("shop/web[StatefulSet]: no such workload; did you mean shop/web[Deployment]?");
    assertThatThrownBy(() -> peer("data/web"))
        .hasMessage("data/web: no such workload; did you mean shop/web[Deployment]?");
    assertThatThrownBy(() -> peer("data/nothing"))
        .hasMessage("data/nothing: no such workload; did you mean data/postgres[StatefulSet]?");
    assertThatThrownBy(() -> peer("vault/nothing"))
        .hasMessageStartingWith("vault/nothing: no such workload, and namespace vault has none;")
        .hasMessageContaining("data, kube-system, shop, tools");
    assertThatThrownBy(() -> peer("web"))
        .hasMessageContaining("expected a workload as namespace/name[Kind]");
    assertThatThrownBy(() -> peer("300.1.1.1"))
        .hasMessageContaining("not an address or address block");
    assertThatThrownBy(() -> peer("10.0.0.0/40"))
        .hasMessageContaining("not an address or address block");
    assertThatThrownBy(() -> peer("fe80::zz")).hasMessageContaining("not an address");
  }

  @Test
  void portsAreNumbersWithAProtocolOrNamesOfTheDestinationsPorts() {
    Peer api = peer("shop/api");
    assertThat(PortQuery.parse("8080", api).ports()).hasToString("TCP 8080");
    assertThat(PortQuery.parse("53/UDP", api).ports()).hasToString("UDP 53");
    assertThat(PortQuery.parse("53/udp", api).ports()).hasToString("UDP 53");
    assertThat(PortQuery.parse("9000/SCTP", api).ports()).hasToString("SCTP 9000");
    assertThat(PortQuery.parse("metrics", api).ports()).hasToString("TCP 9100");
    assertThat(PortQuery.parse("http/TCP", api).ports()).hasToString("TCP 9090");
    assertThatThrownBy(() -> PortQuery.parse("0", api)).hasMessageContaining("1 to 65535");
    assertThatThrownBy(() -> PortQuery.parse("70000", api)).hasMessageContaining("1 to 65535");
    assertThatThrownBy(() -> PortQuery.parse("80/ICMP", api))
        .hasMessageContaining("unknown protocol ICMP");
    assertThatThrownBy(() -> PortQuery.parse("http/UDP", api))
        .hasMessage(
            "http/UDP: shop/api[Deployment] has no container port named http for UDP; its named"
                + " ports: http (TCP 9090), metrics (TCP 9100)");
    assertThatThrownBy(() -> PortQuery.parse("grpc", peer("shop/cache[Deployment]")))
        .hasMessage(
            "grpc: shop/cache[Deployment] has no container port named grpc (it names none)");
    assertThatThrownBy(() -> PortQuery.parse("http", peer("1.2.3.4")))
        .hasMessageContaining("outside the cluster; give a number");
    assertThatThrownBy(() -> PortQuery.parse("80-90", api))
        .hasMessageContaining("expected a port as 8080");
  }
}
