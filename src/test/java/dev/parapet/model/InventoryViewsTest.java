package dev.parapet.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryViewsTest {
  private static Inventory read(String text) {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT).read("dump.yaml", text.getBytes(StandardCharsets.UTF_8));
    assertThat(f.problems()).isEmpty();
    return Inventory.build(List.of(f));
  }

  @Test
  void podsAndReplicaSetsOfAControllerInTheInputAreNotWorkloadsOfTheirOwn() {
    Inventory inv =
        read(
            """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: api, namespace: shop}
              spec:
                template:
                  spec:
                    containers: [{name: api, image: "api:1"}]
            - apiVersion: apps/v1
              kind: ReplicaSet
              metadata:
                name: api-7d9f
                namespace: shop
                ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, controller: true}]
              spec:
                template:
                  spec:
                    containers: [{name: api, image: "api:1"}]
            - apiVersion: v1
              kind: Pod
              metadata:
                name: api-7d9f-x2x1
                namespace: shop
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api-7d9f, controller: true}]
              spec:
                containers: [{name: api, image: "api:1"}]
            - apiVersion: v1
              kind: Pod
              metadata:
                name: orphan-abc
                namespace: shop
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: gone, controller: true}]
              spec:
                containers: [{name: x, image: "x:1"}]
            """);
    assertThat(inv.size()).isEqualTo(4);
    assertThat(inv.workloads())
        .extracting(w -> w.object().name())
        .containsExactly("api", "orphan-abc");
  }

  @Test
  void typedListItemsTakeTheirKindFromTheList() {
    Inventory inv =
        read(
            """
            {"apiVersion": "v1", "kind": "PodList", "items": [
              {"metadata": {"name": "web", "namespace": "shop"},
               "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}]}
            """);
    assertThat(inv.problems()).isEmpty();
    assertThat(inv.objects())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo("Pod");
              assertThat(o.apiVersion()).isEqualTo("v1");
            });
    assertThat(inv.workloads()).hasSize(1);
  }
}
