package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The v1 NetworkPolicy rules the corpus does not pin down, one behaviour per test. */
class ConnectivityTest {
  private static final String PODS =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: a, labels: {team: x}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: a, labels: {app: web}}
      spec:
        containers:
        - name: c
          ports:
          - {name: http, containerPort: 8080}
          - {name: dns, containerPort: 53, protocol: UDP}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db, namespace: a, labels: {app: db}}
      spec: {containers: [{name: c}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: client, namespace: b, labels: {app: client}}
      spec: {containers: [{name: c}]}
      """;

  private static Connectivity engine(String policies) {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT)
            .read("np.yaml", (PODS + "---\n" + policies).getBytes(StandardCharsets.UTF_8));
    assertThat(f.problems()).isEmpty();
    return Connectivity.of(Inventory.build(List.of(f)));
  }

  private static String allowed(Connectivity c, String src, String dst) {
    return c.allowed(peer(c, src), peer(c, dst)).toString();
  }

  private static Peer peer(Connectivity c, String name) {
    if (name.contains("/")) {
      return IpRange.parseCidr(name).orElseThrow();
    }
    return c.groups().stream().filter(g -> g.owner().equals(name)).findFirst().orElseThrow();
  }

  private static String policy(String spec) {
    return """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: a}
        spec:
        """
        + spec.indent(2);
  }

  @Test
  void everythingIsOpenWithoutPolicies() {
    Connectivity c = engine("");
    assertThat(allowed(c, "client", "web")).isEqualTo("All Connections");
  }

  @Test
  void anEmptyIngressListDeniesAndAnEmptyRuleAllows() {
    assertThat(allowed(engine(policy("podSelector: {}\ningress: []")), "client", "web"))
        .isEqualTo("No Connections");
    assertThat(allowed(engine(policy("podSelector: {}\ningress: [{}]")), "client", "web"))
        .isEqualTo("All Connections");
  }

  @Test
  void egressIsIsolatedOnlyWhenDeclaredOrWritten() {
    Connectivity ingressOnly = engine(policy("podSelector: {}"));
    assertThat(allowed(ingressOnly, "web", "client")).isEqualTo("All Connections");
    Connectivity egress = engine(policy("podSelector: {}\npolicyTypes: [Egress]"));
    assertThat(allowed(egress, "web", "client")).isEqualTo("No Connections");
    assertThat(allowed(egress, "client", "web")).isEqualTo("All Connections");
  }

  @Test
  void policyTypesAreDefaultedAsTheApiServerDoes() {
    // SetDefaults_NetworkPolicySpec: an absent, null or empty policyTypes becomes [Ingress], plus
    // Egress only when the egress list has items
    for (String spec :
        List.of(
            "podSelector: {}\ningress: []\negress: []",
            "podSelector: {}\negress: null\ningress: []",
            "podSelector: {}\npolicyTypes: []",
            "podSelector: {}\npolicyTypes: null\negress: []")) {
      Connectivity c = engine(policy(spec));
      assertThat(allowed(c, "client", "web")).as(spec).isEqualTo("No Connections");
      assertThat(allowed(c, "web", "client")).as(spec).isEqualTo("All Connections");
    }
    Connectivity open = engine(policy("podSelector: {}\ningress: [{}]\negress: null"));
    assertThat(allowed(open, "web", "client")).isEqualTo("All Connections");
    assertThat(allowed(open, "client", "web")).isEqualTo("All Connections");
    Connectivity dns =
        engine(
            policy(
                "podSelector: {}\npolicyTypes: []\negress: [{ports: [{port: 53, protocol: UDP}]}]"));
    assertThat(allowed(dns, "web", "client")).isEqualTo("UDP 53");
    assertThat(allowed(dns, "client", "web")).isEqualTo("No Connections");
  }

  @Test
  void podAndNamespaceSelectorsInOnePeerMustBothHold() {
    String spec =
        """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}
            podSelector: {matchLabels: {app: db}}
        """;
    assertThat(allowed(engine(policy(spec)), "client", "web")).isEqualTo("No Connections");
    String either =
        """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}
          - podSelector: {matchLabels: {app: db}}
        """;
    Connectivity c = engine(policy(either));
    assertThat(allowed(c, "client", "web")).isEqualTo("All Connections");
    assertThat(allowed(c, "db", "web")).isEqualTo("All Connections");
  }

  @Test
  void aNamespaceWithoutObjectHasOnlyItsNameLabel() {
    String spec =
        """
        podSelector: {}
        ingress:
        - from:
          - namespaceSelector: {matchExpressions: [{key: team, operator: DoesNotExist}]}
        """;
    assertThat(allowed(engine(policy(spec)), "client", "db")).isEqualTo("All Connections");
  }

  @Test
  void namedPortsResolveAgainstTheDestinationWithTheirProtocol() {
    String spec =
        """
        podSelector: {}
        ingress:
        - ports:
          - {port: http}
          - {port: dns, protocol: UDP}
          - {port: dns}
          - {port: 9000, endPort: 9010, protocol: SCTP}
        """;
    Connectivity c = engine(policy(spec));
    assertThat(allowed(c, "client", "web")).isEqualTo("SCTP 9000-9010,TCP 8080,UDP 53");
    assertThat(allowed(c, "client", "db")).isEqualTo("SCTP 9000-9010");
  }

  @Test
  void policiesAddUpAndBothSidesMustAllow() {
    String policies =
        policy("podSelector: {}\ningress: [{ports: [{port: 80}]}]")
            + "---\n"
            + policy("podSelector: {}\ningress: [{ports: [{port: 81}, {port: 443}]}]")
                .replace("name: p,", "name: q,")
            + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: out, namespace: b}
            spec:
              podSelector: {}
              egress: [{ports: [{port: 81}, {port: 53, protocol: UDP}]}]
            """;
    Connectivity c = engine(policies);
    assertThat(allowed(c, "db", "web")).isEqualTo("TCP 80-81,443");
    assertThat(allowed(c, "client", "web")).isEqualTo("TCP 81");
  }

  @Test
  void ipBlocksMatchAddressesOutsideTheirExceptionsInBothFamilies() {
    String spec =
        """
        podSelector: {}
        ingress:
        - from:
          - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
          - ipBlock: {cidr: "2001:db8::/32"}
        """;
    Connectivity c = engine(policy(spec));
    assertThat(allowed(c, "10.2.0.0/16", "web")).isEqualTo("All Connections");
    assertThat(allowed(c, "10.1.2.0/24", "web")).isEqualTo("No Connections");
    assertThat(allowed(c, "2001:db8:1::/48", "web")).isEqualTo("All Connections");
    assertThat(allowed(c, "2001:db9::/32", "web")).isEqualTo("No Connections");
    assertThat(allowed(c, "client", "web")).isEqualTo("No Connections");
    assertThat(c.externalSources())
        .extracting(IpRange::display)
        .containsExactly(
            "0.0.0.0-9.255.255.255[External]",
            "10.0.0.0-10.0.255.255[External]",
            "10.1.0.0-10.1.255.255[External]",
            "10.2.0.0-10.255.255.255[External]",
            "11.0.0.0-255.255.255.255[External]",
            "::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External]",
            "2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]",
            "2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]");
  }

  @Test
  void unreadablePeersAndPortsNeverWidenARule() {
    String spec =
        """
        podSelector: {}
        ingress:
        - from: [{ipBlock: {cidr: not-a-cidr}}]
        - ports: [{port: 80, protocol: ICMP}]
        """;
    assertThat(allowed(engine(policy(spec)), "client", "web")).isEqualTo("No Connections");
  }

  @Test
  void legacyAddressShorthandsAreNotCidrsAndAllowNothing() {
    // Go's net.ParseCIDR rejects 10/8 and 10.1/16; InetAddress once read them as 0.0.0.0/8 and
    // 10.0.0.0/16
    String spec =
        """
        podSelector: {}
        ingress:
        - from: [{ipBlock: {cidr: "10/8"}}, {ipBlock: {cidr: "10.1/16"}}]
        - from: [{ipBlock: {cidr: "010.0.0.0/8"}}, {ipBlock: {cidr: cafe/8}}]
        """;
    Connectivity c = engine(policy(spec));
    assertThat(allowed(c, "0.0.0.0/8", "web")).isEqualTo("No Connections");
    assertThat(allowed(c, "10.0.0.0/16", "web")).isEqualTo("No Connections");
    assertThat(allowed(c, "10.0.0.0/8", "web")).isEqualTo("No Connections");
    assertThat(warnings(c))
        .containsExactly(
            "np.yaml:31: NetworkPolicy a/p: ipBlock.cidr: expected an address block such as"
                + " 10.0.0.0/8; the peer allows nothing",
            "np.yaml:31: NetworkPolicy a/p: ipBlock.cidr: expected an address block such as"
                + " 10.0.0.0/8; the peer allows nothing",
            "np.yaml:32: NetworkPolicy a/p: ipBlock.cidr: expected an address block such as"
                + " 10.0.0.0/8; the peer allows nothing",
            "np.yaml:32: NetworkPolicy a/p: ipBlock.cidr: expected an address block such as"
                + " 10.0.0.0/8; the peer allows nothing");
  }

  @Test
  void anExceptionOutsideItsBlockMakesThePeerAllowNothing() {
    // ValidateIPBlock: each except must be a strict subset of the cidr
    String spec =
        """
        podSelector: {}
        ingress:
        - from: [{ipBlock: {cidr: 1.2.3.4/32, except: [1.2.3.4/32]}}]
        - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10/8]}}]
        - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}]
        """;
    Connectivity c = engine(policy(spec));
    assertThat(allowed(c, "10.0.0.0/8", "web")).isEqualTo("No Connections");
    assertThat(allowed(c, "203.0.113.0/24", "web")).isEqualTo("No Connections");
    assertThat(warnings(c)).hasSize(3).allMatch(w -> w.contains("ipBlock.except: expected"));
  }

  @Test
  void malformedPeersAndPortsAreWarnedAtTheirLineAndAllowNothing() {
    String spec =
        """
        podSelector: {}
        ingress:
        - from: [10.0.0.0/8]
          ports: [{port: 80}]
        - from: [{podSelector: {}}]
          ports: [5432]
        - from: [{}]
        - from: [{ipBlock: null}]
        - from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]
        - from: {podSelector: {}}
        - ports: 8080
        """;
    Connectivity c = engine(policy(spec));
    assertThat(allowed(c, "client", "web")).isEqualTo("No Connections");
    assertThat(allowed(c, "db", "web")).isEqualTo("No Connections");
    assertThat(allowed(c, "10.0.0.0/8", "web")).isEqualTo("No Connections");
    assertThat(warnings(c))
        .containsExactly(
            "np.yaml:31: NetworkPolicy a/p: from: expected a peer (a map with podSelector,"
                + " namespaceSelector or ipBlock); the peer allows nothing",
            "np.yaml:34: NetworkPolicy a/p: ports: expected a map such as {port: 5432, protocol:"
                + " TCP}; the port allows nothing",
            "np.yaml:35: NetworkPolicy a/p: from: the peer names no podSelector,"
                + " namespaceSelector or ipBlock (the API rejects it: must specify a peer); the"
                + " peer allows nothing",
            "np.yaml:36: NetworkPolicy a/p: from: the peer names no podSelector,"
                + " namespaceSelector or ipBlock (the API rejects it: must specify a peer); the"
                + " peer allows nothing",
            "np.yaml:37: NetworkPolicy a/p: from: ipBlock beside a podSelector or"
                + " namespaceSelector (the API rejects it: may not specify both ipBlock and"
                + " another peer); the peer allows nothing",
            "np.yaml:38: NetworkPolicy a/p: from: expected a list; it allows nothing",
            "np.yaml:39: NetworkPolicy a/p: ports: expected a list; it allows nothing");
  }

  @Test
  void aNullRuleOrPortIsTheEmptyOneTheApiDecodesItTo() {
    // encoding/json decodes null into a struct element as its zero value: {} (every peer and
    // port) for a rule, {} (every TCP port) for a port
    Connectivity rule = engine(policy("podSelector: {}\ningress: [~]"));
    assertThat(allowed(rule, "client", "web")).isEqualTo("All Connections");
    assertThat(rule.problems()).isEmpty();
    Connectivity port = engine(policy("podSelector: {}\ningress: [{ports: [~]}]"));
    assertThat(allowed(port, "client", "web")).isEqualTo("TCP 1-65535");
  }

  private static List<String> warnings(Connectivity c) {
    return c.problems().stream().map(p -> p.file() + ":" + p.line() + ": " + p.message()).toList();
  }
}
