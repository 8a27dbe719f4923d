package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.Check;
import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckRunner;
import dev.parapet.check.Finding;
import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edges of the NetworkPolicy checks that the fixtures do not pin down, one per test. */
class NetpolChecksTest {
  private static final String PODS =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: a, labels: {team: x}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: b, labels: {team: y}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: a, labels: {app: web}}
      spec:
        containers:
        - name: c
          image: nginx:1.27
          ports:
          - {name: http, containerPort: 8080}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db, namespace: a, labels: {app: db}}
      spec:
        containers:
        - name: c
          image: postgres:16
          ports:
          - {name: sql, containerPort: 5432}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: client, namespace: b, labels: {app: client}}
      spec: {containers: [{name: c, image: busybox:1.36}]}
      """;

  private static List<Finding> run(Check check, String policies) {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT)
            .read("np.yaml", (PODS + "---\n" + policies).getBytes(StandardCharsets.UTF_8));
    assertThat(f.problems()).isEmpty();
    CheckRunner.Outcome out =
        CheckRunner.run(List.of(check), CheckContext.of(Inventory.build(List.of(f))));
    assertThat(out.errors()).isEmpty();
    return out.findings();
  }

  private static List<String> messages(Check check, String policies) {
    return run(check, policies).stream().map(Finding::message).toList();
  }

  private static final String DENY_ALL =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny, namespace: a}
      spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny, namespace: b}
      spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
      """;

  private static String egress(String to) {
    return DENY_ALL
        + """
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-out, namespace: a}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Egress]
          egress:
          - to:
        """
        + to.indent(4);
  }

  @Test
  void metadataExceptedByASmallerOrLargerBlockIsNotReachable() {
    CloudMetadataReachable check = new CloudMetadataReachable();
    assertThat(run(check, DENY_ALL)).isEmpty();
    assertThat(run(check, egress("- ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}\n")))
        .isEmpty();
    assertThat(run(check, egress("- ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16]}\n")))
        .isEmpty();
    assertThat(
            run(check, egress("- ipBlock: {cidr: 169.254.0.0/16, except: [169.254.168.0/22]}\n")))
        .isEmpty();
  }

  @Test
  void metadataInsideABlockWhoseExceptionMissesItIsReachableAndTheRuleIsNamed() {
    List<String> found =
        messages(
            new CloudMetadataReachable(),
            egress("- ipBlock: {cidr: 169.254.0.0/16, except: [169.254.170.0/24]}\n")
                + "    ports: [{port: 80}]\n");
    assertThat(found)
        .singleElement()
        .asString()
        .startsWith(
            "a/web[Pod] may connect to the cloud metadata address 169.254.169.254 on TCP 80")
        .contains("the egress rule at np.yaml:")
        .contains("of NetworkPolicy a/web-out has an ipBlock containing it without excepting it");
  }

  @Test
  void metadataIsNotReportedForEgressThatOpensOnlyDnsOrHttps() {
    String dnsAndHttps =
        DENY_ALL
            + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-out, namespace: a}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Egress]
              egress:
              - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
              - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
                ports: [{port: 443}]
            """;
    assertThat(run(new CloudMetadataReachable(), dnsAndHttps)).isEmpty();
  }

  @Test
  void metadataReasonNamesTheRuleThatOpensPort80NotAnEarlierDnsRule() {
    String dnsThenWeb =
        DENY_ALL
            + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-out, namespace: a}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Egress]
              egress:
              - ports: [{port: 53, protocol: UDP}]
              - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
                ports: [{port: 80}, {port: 443}]
            """;
    assertThat(messages(new CloudMetadataReachable(), dnsThenWeb))
        .singleElement()
        .asString()
        .startsWith(
            "a/web[Pod] may connect to the cloud metadata address 169.254.169.254 on TCP 80:")
        .contains("has an ipBlock containing it without excepting it");
  }

  @Test
  void metadataIsReachableWithoutAnyEgressPolicyAndTheReasonSaysSo() {
    assertThat(messages(new CloudMetadataReachable(), ""))
        .hasSize(3)
        .allMatch(m -> m.endsWith(": no NetworkPolicy selects it for egress"));
  }

  @Test
  void namespaceAndPodSelectorInOnePeerMustBothMatch() {
    String policy =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: db-in, namespace: a}
        spec:
          podSelector: {matchLabels: {app: db}}
          ingress:
          - from:
            - namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [x]}]}
              podSelector: {matchLabels: {app: %s}}
        """;
    PolicyPeerMatchesNothing check = new PolicyPeerMatchesNothing();
    assertThat(run(check, policy.formatted("client"))).isEmpty();
    assertThat(messages(check, policy.formatted("web")))
        .containsExactly(
            "NetworkPolicy a/db-in: podSelector {app=web} matches no pod of namespace b in the"
                + " scanned input, so the peer allows nothing");
  }

  @Test
  void namespaceSelectorMatchesOnMetadataNameAndNamespacesEveryClusterHas() {
    String policy =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-out, namespace: a}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
          - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: %s}}
        """;
    PolicyPeerMatchesNothing check = new PolicyPeerMatchesNothing();
    assertThat(run(check, policy.formatted("b"))).isEmpty();
    assertThat(run(check, policy.formatted("kube-system"))).isEmpty();
    assertThat(messages(check, policy.formatted("c")))
        .singleElement()
        .asString()
        .contains("namespaceSelector {kubernetes.io/metadata.name=c} matches no namespace");
  }

  @Test
  void invalidSelectorIsSaidToBeInvalid() {
    assertThat(
            messages(
                new PolicySelectsNoPod(),
                """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: bad, namespace: a}
                spec:
                  podSelector: {matchExpressions: [{key: app, operator: Equals, values: [web]}]}
                """))
        .singleElement()
        .asString()
        .contains("selects no pod in the scanned input")
        .contains("invalid selector: unknown operator Equals on key app");
  }

  @Test
  void sensitivePortsAreMatchedThroughEndPortRangesAndNamedPorts() {
    String policy =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: db-in, namespace: a}
        spec:
          podSelector: {}
          ingress:
          - from: [{namespaceSelector: {}}]
            ports: [%s]
        """;
    SensitiveWorkloadOpenToAll check = new SensitiveWorkloadOpenToAll();
    assertThat(messages(check, policy.formatted("{port: 5000, endPort: 6000}")))
        .singleElement()
        .asString()
        .endsWith("to a/db[Pod] on TCP 5432 (PostgreSQL)");
    assertThat(messages(check, policy.formatted("{port: sql}"))).hasSize(1);
    assertThat(run(check, policy.formatted("{port: 5433, endPort: 6000}"))).isEmpty();
    assertThat(run(check, policy.formatted("{port: sql, protocol: UDP}"))).isEmpty();
    assertThat(run(check, policy.formatted("{port: http}"))).isEmpty();
  }

  @Test
  void namespaceSelectorOfSomeNamespacesIsNotEveryone() {
    String policy =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: db-in, namespace: a}
        spec:
          podSelector: {matchLabels: {app: db}}
          ingress:
          - from: [{namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}}]
        """;
    assertThat(run(new SensitiveWorkloadOpenToAll(), policy)).isEmpty();
  }

  @Test
  void egressEverywhereIsReportedOnlyWithoutExceptAndWithoutPorts() {
    EgressToEverywhere check = new EgressToEverywhere();
    assertThat(run(check, egress("- ipBlock: {cidr: 0.0.0.0/0}\n"))).hasSize(1);
    assertThat(run(check, egress("- ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}\n")))
        .isEmpty();
    assertThat(run(check, egress("- ipBlock: {cidr: 0.0.0.0/0}\n") + "    ports: [{port: 443}]\n"))
        .isEmpty();
    assertThat(run(check, egress("- ipBlock: {cidr: 0.0.0.0/1}\n"))).isEmpty();
  }

  @Test
  void namespacesWithoutAnyPolicyAreReportedOnceNotPerWorkload() {
    List<Finding> ingress = run(new NamespaceWithoutDefaultDenyIngress(), "");
    assertThat(ingress).hasSize(2);
    assertThat(ingress.get(0).location().pointer()).isEqualTo("/metadata/name");
    assertThat(ingress.get(0).message())
        .startsWith("namespace a has no default-deny ingress policy")
        .contains("its 2 workloads");
    assertThat(run(new NamespaceWithoutDefaultDenyEgress(), "")).hasSize(2);
    assertThat(run(new WorkloadNotSelectedByAnyPolicy(), "")).isEmpty();
    assertThat(run(new NamespaceWithoutDefaultDenyIngress(), DENY_ALL)).isEmpty();
    assertThat(run(new NamespaceWithoutDefaultDenyEgress(), DENY_ALL)).isEmpty();
  }

  @Test
  void kubeSystemIsReportedWithAReminderOfItsFlows() {
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: coredns-1, namespace: kube-system, labels: {k8s-app: kube-dns}}
        spec: {containers: [{name: c, image: registry.k8s.io/coredns/coredns:v1.11.1}]}
        """;
    List<Finding> found = run(new NamespaceWithoutDefaultDenyEgress(), DENY_ALL + "---\n" + pod);
    assertThat(found).singleElement();
    assertThat(found.get(0).location().pointer()).isEqualTo("/metadata/namespace");
    assertThat(found.get(0).message())
        .startsWith("namespace kube-system has no default-deny egress policy")
        .endsWith("list the flows of the system components (DNS, CNI, metrics) before adding one");
  }
}
