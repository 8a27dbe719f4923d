package dev.parapet.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.source.Limits;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.Problem;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryTest {
  private static Inventory build(String file, String text) {
    ParsedFile f = new YamlReader(Limits.DEFAULT).read(file, text.getBytes(StandardCharsets.UTF_8));
    assertThat(f.problems()).isEmpty();
    return Inventory.build(List.of(f));
  }

  private static List<String> messages(Inventory inv) {
    return inv.problems().stream().map(Problem::toString).toList();
  }

  /** Shortened from {@code kubectl get pods,deployments -A -o yaml}. */
  private static final String KUBECTL_LIST =
      """
      apiVersion: v1
      items:
      - apiVersion: v1
        kind: Pod
        metadata:
          creationTimestamp: "2024-05-02T09:12:44Z"
          generateName: web-7d4b9c6f5d-
          labels:
            app: web
            pod-template-hash: 7d4b9c6f5d
          name: web-7d4b9c6f5d-x2x8q
          namespace: shop
          ownerReferences:
          - apiVersion: apps/v1
            blockOwnerDeletion: true
            controller: true
            kind: ReplicaSet
            name: web-7d4b9c6f5d
            uid: 0b7d3b2e-7c0e-4d36-9b1f-0d5a4f1f2c11
        spec:
          containers:
          - image: nginx:1.27
            name: web
            securityContext:
              privileged: true
        status:
          phase: Running
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          annotations:
            deployment.kubernetes.io/revision: "3"
          name: web
          namespace: shop
        spec:
          template:
            spec:
              hostNetwork: true
      kind: List
      metadata:
        resourceVersion: ""
      """;

  @Test
  void turnsListItemsIntoObjectsWithPointersIntoTheList() {
    Inventory inv = build("dump.yaml", KUBECTL_LIST);

    assertThat(inv.problems()).isEmpty();
    assertThat(inv.objects())
        .extracting(K8sObject::toString)
        .containsExactly("Pod shop/web-7d4b9c6f5d-x2x8q", "Deployment shop/web");
    K8sObject pod = inv.objects().get(0);
    assertThat(pod.location().pointer()).isEqualTo("/items/0");
    assertThat(pod.location().display()).isEqualTo("dump.yaml:3:3");
    Node privileged =
        ((MapNode) pod.root().map("spec").get().seq("containers").get().get(0))
            .map("securityContext")
            .get()
            .get("privileged")
            .get();
    Location at = pod.locationOf(privileged);
    assertThat(at.pointer()).isEqualTo("/items/0/spec/containers/0/securityContext/privileged");
    // a mapping value is located at its key
    assertThat(at.display()).isEqualTo("dump.yaml:25:9");
    assertThat(at.documentIndex()).isZero();

    K8sObject deploy = inv.objects().get(1);
    Workload w = inv.workload(deploy).orElseThrow();
    Node host = w.podSpec().get().get("hostNetwork").get();
    assertThat(deploy.locationOf(host).pointer())
        .isEqualTo("/items/1/spec/template/spec/hostNetwork");
    assertThat(deploy.locationOf(host).line()).isEqualTo(38);
    assertThat(deploy.annotations()).containsEntry("deployment.kubernetes.io/revision", "3");
  }

  @Test
  void acceptsTypedListKinds() {
    Inventory inv =
        build(
            "pods.yaml",
            """
            apiVersion: v1
            kind: PodList
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: a, namespace: ns}
            - apiVersion: v1
              kind: Pod
              metadata: {name: b, namespace: ns}
            ---
            apiVersion: apps/v1
            kind: DeploymentList
            items:
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: c, namespace: ns}
            """);

    assertThat(inv.problems()).isEmpty();
    assertThat(inv.objects()).extracting(K8sObject::name).containsExactly("a", "b", "c");
    assertThat(inv.objects().get(1).location().pointer()).isEqualTo("/items/1");
    assertThat(inv.objects().get(2).location().pointer()).isEqualTo("/items/0");
    assertThat(inv.objects().get(2).documentIndex()).isEqualTo(1);
    assertThat(inv.ofKind("Pod")).hasSize(2);
    assertThat(inv.get(new ObjectRef("Deployment", "ns", "c"))).isPresent();
  }

  @Test
  void readsJsonList() {
    Inventory inv =
        build(
            "dump.json",
            """
            {
                "apiVersion": "v1",
                "items": [
                    {
                        "apiVersion": "v1",
                        "kind": "ServiceAccount",
                        "metadata": {
                            "name": "default",
                            "namespace": "shop"
                        }
                    },
                    {
                        "apiVersion": "rbac.authorization.k8s.io/v1",
                        "kind": "ClusterRole",
                        "metadata": {
                            "name": "admin"
                        },
                        "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
                    }
                ],
                "kind": "List",
                "metadata": {
                    "resourceVersion": ""
                }
            }
            """);

    assertThat(inv.problems()).isEmpty();
    assertThat(inv.objects())
        .extracting(o -> o.ref().toString())
        .containsExactly("ServiceAccount shop/default", "ClusterRole admin");
    K8sObject role = inv.objects().get(1);
    Node verb =
        role.root().seq("rules").get().get(0) instanceof MapNode r
            ? r.seq("verbs").get().get(0)
            : null;
    assertThat(role.locationOf(verb).pointer()).isEqualTo("/items/1/rules/0/verbs/0");
    assertThat(role.locationOf(verb).display()).isEqualTo("dump.json:18:74");
    assertThat(role.isClusterScoped()).isTrue();
  }

  @Test
  void reportsAndSkipsObjectsWithoutIdentityButAcceptsGenerateName() {
    Inventory inv =
        build(
            "mixed.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            data: {a: b}
            ---
            kind: Pod
            metadata:
              name: no-version
            ---
            metadata:
              name: nothing
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              generateName: migrate-
            ---
            - just
            - a list
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              metadata:
                name: item-without-kind
            """);

    assertThat(messages(inv))
        .containsExactly(
            "mixed.yaml:1:1: warning: not a Kubernetes object (no metadata.name); skipped",
            "mixed.yaml:5:1: warning: not a Kubernetes object (no apiVersion); skipped",
            "mixed.yaml:9:1: warning: not a Kubernetes object (no apiVersion, kind); skipped",
            "mixed.yaml:17:1: warning: not a Kubernetes object (document 5 is not a mapping);"
                + " skipped",
            "mixed.yaml:23:3: warning: not a Kubernetes object (no kind); skipped");
    assertThat(inv.objects()).extracting(K8sObject::toString).containsExactly("Job migrate-");
    assertThat(inv.objects().get(0).effectiveNamespace()).isEqualTo("default");
  }

  @Test
  void keepsHelmSourceOnObjects() {
    Inventory inv =
        build(
            "rendered.yaml",
            """
            ---
            # Source: shop/templates/sa.yaml
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: shop
            ---
            # Source: shop/templates/role.yaml
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: shop
            """);

    assertThat(inv.objects())
        .extracting(K8sObject::helmSource)
        .containsExactly("shop/templates/sa.yaml", "shop/templates/role.yaml");
    assertThat(inv.objects().get(1).location().helmSource()).isEqualTo("shop/templates/role.yaml");
    assertThat(inv.objects().get(1).location().line()).isEqualTo(9);
  }

  @Test
  void ignoresEmptyDocuments() {
    Inventory inv = build("e.yaml", "---\n---\n# nothing\n");

    assertThat(inv.objects()).isEmpty();
    assertThat(inv.problems()).isEmpty();
  }

  @Test
  void derivedResultsAreComputedOncePerKeyEvenAcrossThreads() throws Exception {
    Inventory inv = Inventory.of(List.of());
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Object>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(
            pool.submit(
                () ->
                    inv.derived(
                        "index",
                        x -> {
                          calls.incrementAndGet();
                          // a derived result may ask for another one
                          return x.derived("size", Inventory::size) + "-objects";
                        })));
      }
      for (java.util.concurrent.Future<Object> a : answers) {
        assertThat(a.get()).isEqualTo("0-objects");
      }
    } finally {
      pool.shutdown();
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void derivedFailuresReachEveryCaller() {
    Inventory inv = Inventory.of(List.of());
    for (int i = 0; i < 2; i++) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  inv.derived(
                      "broken",
                      x -> {
                        throw new IllegalArgumentException("bad input");
                      }))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bad input");
    }
  }
}
