package dev.parapet.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckRunner;
import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks never throw on sparse or mistyped input: they report what they can and skip the rest. */
class SparseInputTest {
  private static final String ODD =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: no-template
        namespace: default
      spec: {}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: mistyped
        namespace: shop
      spec:
        automountServiceAccountToken: maybe
        shareProcessNamespace: "true"
        serviceAccountName: null
        securityContext: null
        volumes:
          - hostPath: null
          - name: str
            hostPath: /var/run/docker.sock
          - name: empty
            hostPath: {path: ""}
          - "not a volume"
        containers:
          - name: a
            image: 42
            imagePullPolicy: null
            resources: []
            securityContext:
              capabilities:
                add: SYS_ADMIN
              runAsUser: root
              readOnlyRootFilesystem: null
            env:
              - value: AKIAZ7QW3EXAMPLE4XYZ
              - name: X
                value: null
              - name: Y
                valueFrom:
                  secretKeyRef: null
              - 17
            envFrom:
              - secretRef: "x"
            volumeMounts:
              - "x"
          - "not a container"
        initContainers: {}
        ephemeralContainers: null
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: odd-service
      spec:
        type: [LoadBalancer]
        externalIPs: "1.2.3.4"
        ports: null
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: lb
      spec:
        type: LoadBalancer
        ports: [80, {port: 443}]
        loadBalancerSourceRanges: [null, 10.0.0.0/8]
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: odd-ingress
      spec:
        tls: [null, "x", {hosts: null}]
        rules: [null, {host: null}, {host: ""}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: no-spec
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: odd-secret
      data: "x"
      stringData:
        a: null
        b: [1, 2]
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: not-base64
      data:
        password: "%%%not base64%%%"
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: odd-config
      data:
        number: 3
        nested: {a: b}
        empty: ""
        blank-lines: "\\n\\n\\n"
      ---
      apiVersion: v1
      kind: LimitRange
      metadata:
        name: odd-limits
        namespace: shop
      spec:
        limits:
          - "x"
          - type: Container
            default: "x"
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: default
        namespace: shop
      automountServiceAccountToken: "false"
      """;

  @Test
  void oddInputNeverThrows() {
    ParsedFile parsed =
        new YamlReader(Limits.DEFAULT).read("odd.yaml", ODD.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.problems()).isEmpty();
    Inventory inventory = Inventory.build(List.of(parsed));
    assertThat(inventory.problems()).isEmpty();
    for (List<String> registries : List.of(List.<String>of(), List.of("registry.acme.io"))) {
      CheckRunner.Outcome outcome =
          CheckRunner.run(
              WorkloadChecks.ALL, new CheckContext(inventory, "latest", "restricted", registries));
      assertThat(outcome.errors()).isEmpty();
      assertThat(outcome.findings())
          .allSatisfy(f -> assertThat(f.location().pointer()).matches("|/.*"));
      // the message never repeats the credential it found
      assertThat(outcome.findings())
          .allSatisfy(f -> assertThat(f.message()).doesNotContain("AKIAZ7QW3EXAMPLE4XYZ"));
    }
  }
}
