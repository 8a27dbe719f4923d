package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.netpol.Exposure.Entry;
import dev.parapet.netpol.Exposure.Kind;
import dev.parapet.netpol.Exposure.Restriction;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link Exposure} finds reachable from outside, one kind or rule per test. */
class ExposureTest {
  private static final String WEB =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: nginx
              ports:
              - {name: http, containerPort: 8080}
              - {name: metrics, containerPort: 9090}
              - {name: dns, containerPort: 5353, protocol: UDP}
      """;

  private static Inventory inventory(String yaml) {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT).read("in.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(f.problems()).isEmpty();
    return Inventory.build(List.of(f));
  }

  private static List<Entry> entries(String yaml) {
    return Exposure.of(inventory(WEB + "---\n" + yaml)).entries();
  }

  private static String targets(Entry e) {
    return String.join(
        ", ", e.targets().stream().map(t -> t.group().display() + " " + t.ports()).toList());
  }

  @Test
  void loadBalancerResolvesANamedTargetPortWithItsSourceRangesAndInternalAnnotation() {
    List<Entry> out =
        entries(
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
              annotations: {networking.gke.io/load-balancer-type: Internal}
            spec:
              type: LoadBalancer
              selector: {app: web}
              loadBalancerSourceRanges: [203.0.113.0/24]
              externalTrafficPolicy: Local
              ports:
              - name: https
                port: 443
                targetPort: http
                nodePort: 31443
            """);
    assertThat(out).singleElement();
    Entry e = out.get(0);
    assertThat(e.kind()).isEqualTo(Kind.LOAD_BALANCER);
    assertThat(e.address()).isEqualTo("*:443/TCP");
    assertThat(e.service()).contains("shop/web:https");
    assertThat(targets(e)).isEqualTo("shop/web[Deployment] TCP 8080");
    assertThat(e.restricted()).isEqualTo(Restriction.NO);
    assertThat(e.location().line()).isEqualTo(28);
    assertThat(e.notes())
        .contains(
            "internal load balancer (networking.gke.io/load-balancer-type)",
            "loadBalancerSourceRanges 203.0.113.0/24",
            "also on every node's port 31443/TCP",
            "externalTrafficPolicy Local: policies see the client's address");
  }

  @Test
  void nodePortWithoutTargetPortForwardsToThePortAndIsLocatedAtTheNodePort() {
    Entry e =
        entries(
                """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports:
                  - port: 9090
                    nodePort: 30090
                """)
            .get(0);
    assertThat(e.kind()).isEqualTo(Kind.NODE_PORT);
    assertThat(e.address()).isEqualTo("node:30090/TCP");
    assertThat(targets(e)).isEqualTo("shop/web[Deployment] TCP 9090");
    assertThat(e.location().line()).isEqualTo(24);
    assertThat(e.location().pointer()).isEqualTo("/spec/ports/0/nodePort");
  }

  @Test
  void externalIpsOfAClusterIpServiceAreOneEntryPerAddressAndPort() {
    List<Entry> out =
        entries(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              selector: {app: web}
              externalIPs: [198.51.100.7, 198.51.100.8]
              ports:
              - {port: 80, targetPort: 8080}
              - {port: 53, targetPort: dns, protocol: UDP}
            """);
    assertThat(out)
        .extracting(Entry::kind, Entry::address)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.EXTERNAL_IP, "198.51.100.7:80/TCP"),
            org.assertj.core.groups.Tuple.tuple(Kind.EXTERNAL_IP, "198.51.100.7:53/UDP"),
            org.assertj.core.groups.Tuple.tuple(Kind.EXTERNAL_IP, "198.51.100.8:80/TCP"),
            org.assertj.core.groups.Tuple.tuple(Kind.EXTERNAL_IP, "198.51.100.8:53/UDP"));
    assertThat(targets(out.get(1))).isEqualTo("shop/web[Deployment] UDP 5353");
  }

  @Test
  void clusterIpAndExternalNameServicesAreNotExposed() {
    assertThat(
            entries(
                """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  selector: {app: web}
                  ports: [{port: 80}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: ext, namespace: shop}
                spec: {type: ExternalName, externalName: db.example.com}
                """))
        .isEmpty();
  }

  @Test
  void aServiceWithoutSelectorOrWithAnUnknownPortNameReachesNoWorkload() {
    List<Entry> out =
        entries(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: manual, namespace: shop}
            spec:
              type: LoadBalancer
              ports: [{port: 443}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: typo, namespace: shop}
            spec:
              type: NodePort
              selector: {app: web}
              ports: [{port: 80, targetPort: htp}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: quoted, namespace: shop}
            spec:
              type: NodePort
              selector: {app: web}
              ports: [{port: 80, targetPort: "8080"}]
            """);
    assertThat(out.get(0).targets()).isEmpty();
    assertThat(out.get(0).restricted()).isEqualTo(Restriction.UNKNOWN);
    assertThat(out.get(0).notes())
        .contains("the Service has no selector: its endpoints are managed outside it");
    assertThat(out.get(1).targets()).isEmpty();
    assertThat(out.get(1).notes())
        .contains(
            "targetPort htp names no TCP container port of shop/web[Deployment]: it receives"
                + " nothing");
    assertThat(out.get(2).targets()).isEmpty();
    assertThat(out.get(2).notes())
        .contains(
            "targetPort \"8080\" is a string, not a number: the API server rejects it (a port name"
                + " needs a letter); write it unquoted");
  }

  private static final String INGRESS =
      """
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec:
        selector: {app: web}
        ports:
        - {name: http, port: 80, targetPort: http}
        - {name: metrics, port: 9090}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: web, namespace: shop}
      spec:
        tls: [{hosts: ["*.example.com"], secretName: wildcard}]
        defaultBackend:
          service: {name: web, port: {name: metrics}}
        rules:
        - host: shop.example.com
          http:
            paths:
            - path: /
              pathType: Prefix
              backend: {service: {name: web, port: {number: 80}}}
        - http:
            paths:
            - path: /api
              pathType: Exact
              backend: {service: {name: api, port: {number: 80}}}
      """;

  @Test
  void ingressRulesAndTheDefaultBackendLeadThroughTheServiceToThePods() {
    List<Entry> out = entries(INGRESS);
    assertThat(out).extracting(Entry::kind).containsOnly(Kind.INGRESS);
    assertThat(out)
        .extracting(Entry::address)
        .containsExactly("* (default backend)", "shop.example.com/ (Prefix)", "*/api (Exact)");
    assertThat(targets(out.get(0))).isEqualTo("shop/web[Deployment] TCP 9090");
    assertThat(out.get(0).service()).contains("shop/web:metrics");
    assertThat(targets(out.get(1))).isEqualTo("shop/web[Deployment] TCP 8080");
    assertThat(out.get(1).notes()).containsExactly("TLS");
    assertThat(out.get(2).targets()).isEmpty();
    assertThat(out.get(2).notes())
        .containsExactly(
            "plain HTTP (no tls entry covers the host)", "Service shop/api is not in the input");
  }

  @Test
  void malformedBackendsAreNotedForWhatTheyLack() {
    List<Entry> out =
        entries(
            INGRESS.substring(0, INGRESS.indexOf("---"))
                + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: odd, namespace: shop}
                spec:
                  rules:
                  - http:
                      paths:
                      - {path: /a, pathType: Prefix, backend: {service: null}}
                      - {path: /b, pathType: Prefix, backend: {service: {name: web}}}
                      - path: /c
                        pathType: Prefix
                        backend: {resource: {apiGroup: k8s.example.com, kind: Bucket, name: b}}
                """);
    assertThat(out)
        .extracting(Entry::address)
        .containsExactly("*/a (Prefix)", "*/b (Prefix)", "*/c (Prefix)");
    assertThat(out.get(0).notes())
        .contains(
            "the backend names no Service (service.name is missing; the API would reject it):"
                + " reaches nothing");
    assertThat(out.get(1).notes())
        .contains(
            "the backend names no port of Service shop/web (the API requires service.port.name"
                + " or number): reaches nothing");
    assertThat(out.get(2).notes())
        .contains("the backend is not a Service (a resource backend): not followed");
  }

  @Test
  void v1beta1IngressBackendsAreFollowedToo() {
    Entry e =
        entries(
                """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                ---
                apiVersion: extensions/v1beta1
                kind: Ingress
                metadata: {name: old, namespace: shop}
                spec:
                  rules:
                  - host: old.example.com
                    http:
                      paths:
                      - backend: {serviceName: web, servicePort: http}
                """)
            .get(0);
    assertThat(e.address()).isEqualTo("old.example.com/");
    assertThat(targets(e)).isEqualTo("shop/web[Deployment] TCP 8080");
  }

  @Test
  void ingressTrafficIsAdmittedOnlyByRulesTheControllerMatches() {
    String onlyFromIngressNginx =
        """
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: from-nginx, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
        """;
    // the controller's pods are unknown: a rule for one namespace does not admit the stand-in
    Inventory restricted = inventory(WEB + "---\n" + INGRESS + onlyFromIngressNginx);
    Entry e = Exposure.of(restricted).entries().get(1);
    assertThat(e.restricted()).isEqualTo(Restriction.YES);
    assertThat(e.policies()).extracting(Exposure::name).containsExactly("shop/from-nginx");
    assertThat(Exposure.of(restricted).ingressConnections()).isEmpty();

    String fromAnyNamespaceOnHttp =
        """
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: http-in, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from: [{namespaceSelector: {}}]
            ports: [{port: http}]
        """;
    Inventory partly = inventory(WEB + "---\n" + INGRESS + fromAnyNamespaceOnHttp);
    List<Entry> out = Exposure.of(partly).entries();
    assertThat(out.get(0).restricted()).isEqualTo(Restriction.YES); // metrics, 9090
    assertThat(out.get(1).restricted()).isEqualTo(Restriction.NO); // http, 8080
    assertThat(Exposure.of(partly).ingressConnections())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.src().display()).isEqualTo("{ingress-controller}");
              assertThat(c.dst().display()).isEqualTo("shop/web[Deployment]");
              assertThat(c.ports()).hasToString("TCP 8080");
            });
  }

  @Test
  void openWorkloadsAdmitTheControllerOnEveryBackendPort() {
    assertThat(Exposure.of(inventory(WEB + "---\n" + INGRESS)).ingressConnections())
        .singleElement()
        .satisfies(c -> assertThat(c.ports()).hasToString("TCP 8080,9090"));
  }

  @Test
  void externalRangesAdmittedByPolicyDecideRestrictedOrPartially() {
    String lb =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          type: LoadBalancer
          selector: {app: web}
          ports: [{port: 443, targetPort: 8080}]
        ---
        """;
    String office =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: office, namespace: shop}
        spec:
          podSelector: {}
          ingress:
          - from: [{ipBlock: {cidr: 192.0.2.0/24}}]
        """;
    assertThat(entries(lb + office).get(0).restricted()).isEqualTo(Restriction.PARTIALLY);
    String deny =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """;
    assertThat(entries(lb + deny).get(0).restricted()).isEqualTo(Restriction.YES);
    String anywhere =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: anywhere, namespace: shop}
        spec:
          podSelector: {}
          ingress:
          - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
            ports: [{port: 8080}]
        """;
    Entry open = entries(lb + anywhere).get(0);
    assertThat(open.restricted()).isEqualTo(Restriction.NO);
    assertThat(open.policies()).extracting(Exposure::name).containsExactly("shop/anywhere");
  }

  @Test
  void ipv6ClientsCountWhenAPolicyAdmitsThem() {
    // review t7: a policy admitting every IPv6 client was reported as restricted: yes
    String lb =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          type: LoadBalancer
          selector: {app: web}
          ports: [{port: 80, targetPort: http}]
        ---
        """;
    String v6 =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-v6, namespace: shop}
        spec:
          podSelector: {}
          ingress:
          - from: [{ipBlock: {cidr: "::/0"}}]
        """;
    Entry entry = entries(lb + v6).get(0);
    assertThat(entry.restricted()).isEqualTo(Restriction.PARTIALLY);
    assertThat(entry.policies()).extracting(Exposure::name).containsExactly("shop/web-v6");
    String both =
        v6.replace("cidr: \"::/0\"}}]", "cidr: \"::/0\"}}, {ipBlock: {cidr: 0.0.0.0/0}}]");
    assertThat(both).contains("0.0.0.0/0");
    assertThat(entries(lb + both).get(0).restricted()).isEqualTo(Restriction.NO);
    String docs = v6.replace("::/0", "2001:db8::/32");
    assertThat(entries(lb + docs).get(0).restricted()).isEqualTo(Restriction.PARTIALLY);
    // an IPv6 block of another pod's policy makes IPv6 clients count, and none is admitted here
    String office =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: office, namespace: shop}
        spec:
          podSelector: {}
          ingress:
          - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: other, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: other}}
          egress:
          - to: [{ipBlock: {cidr: "2001:db8::/32"}}]
        """;
    assertThat(entries(lb + office).get(0).restricted()).isEqualTo(Restriction.PARTIALLY);
  }

  @Test
  void hostNetworkPodsAreNeverRestrictedAndHostPortsAreOneEntryEach() {
    List<Entry> out =
        Exposure.of(
                inventory(
                    """
                    apiVersion: apps/v1
                    kind: DaemonSet
                    metadata: {name: agent, namespace: ops}
                    spec:
                      template:
                        metadata: {labels: {app: agent}}
                        spec:
                          hostNetwork: true
                          containers:
                          - name: a
                            ports: [{containerPort: 9100}]
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: proxy, namespace: ops, labels: {app: proxy}}
                    spec:
                      containers:
                      - name: p
                        ports:
                        - {containerPort: 8080, hostPort: 80, hostIP: 10.0.0.5}
                        - {containerPort: 8443}
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny, namespace: ops}
                    spec: {podSelector: {}, policyTypes: [Ingress]}
                    """))
            .entries();
    assertThat(out).extracting(Entry::kind).containsExactly(Kind.HOST_NETWORK, Kind.HOST_PORT);
    Entry host = out.get(0);
    assertThat(host.address()).isEqualTo("node:TCP 9100");
    assertThat(host.restricted()).isEqualTo(Restriction.NO);
    assertThat(host.location().pointer()).isEqualTo("/spec/template/spec/hostNetwork");
    assertThat(host.notes())
        .anyMatch(n -> n.contains("ops/deny"))
        .anyMatch(n -> n.contains("does not apply"));
    Entry port = out.get(1);
    assertThat(port.address()).isEqualTo("10.0.0.5:80/TCP");
    assertThat(targets(port)).isEqualTo("ops/proxy[Pod] TCP 8080");
    assertThat(port.restricted()).isEqualTo(Restriction.YES);
    assertThat(port.location().pointer()).isEqualTo("/spec/containers/0/ports/0/hostPort");
  }

  @Test
  void computedOncePerInventory() {
    Inventory inv = inventory(WEB);
    assertThat(Exposure.of(inv)).isSameAs(Exposure.of(inv));
  }
}
