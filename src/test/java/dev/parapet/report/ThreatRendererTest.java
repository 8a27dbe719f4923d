package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.threat.ThreatModel.DataFlow;
import dev.parapet.threat.ThreatModel.Flow;
import dev.parapet.threat.ThreatModel.FlowNode;
import dev.parapet.threat.ThreatModel.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreatRendererTest {
  private static final DataFlow FLOW =
      new DataFlow(
          List.of(
              new Zone(
                  "ns:shop",
                  "namespace shop",
                  List.of(
                      new FlowNode("pod:Deployment:shop/web", "Deployment shop/web", "workload"),
                      new FlowNode(
                          "pod:Deployment:shop/api", "Deployment \"shop\"/api", "workload")))),
          List.of(
              new FlowNode("internet", "internet", "internet"),
              new FlowNode("entry:1", "LoadBalancer shop/web:80", "entry-point")),
          List.of(
              new Flow("internet", "entry:1", "LoadBalancer"),
              new Flow("entry:1", "pod:Deployment:shop/web", "restricted: no"),
              new Flow("pod:Deployment:shop/web", "pod:Deployment:shop/api", "network")));

  @Test
  void mermaidDrawsNamespacesAsSubgraphsWithShortIds() throws Exception {
    StringBuilder out = new StringBuilder();
    ThreatRenderer.mermaid(FLOW, out);
    assertThat(out.toString())
        .isEqualTo(
            """
            flowchart LR
              n1(("internet"))
              n2>"LoadBalancer shop/web:80"]
              subgraph z1["namespace shop"]
                n3["Deployment shop/web"]
                n4["Deployment #quot;shop#quot;/api"]
              end
              n1 -- "LoadBalancer" --> n2
              n2 -- "restricted: no" --> n3
              n3 -- "network" --> n4
            """);
  }

  @Test
  void dotDrawsNamespacesAsClusters() throws Exception {
    StringBuilder out = new StringBuilder();
    ThreatRenderer.dot(FLOW, out);
    assertThat(out.toString())
        .startsWith("digraph dataflow {\n")
        .contains("  subgraph cluster_1 {\n    label=\"namespace shop\";\n")
        .contains("    \"pod:Deployment:shop/api\" [label=\"Deployment \\\"shop\\\"/api\"];\n")
        .contains(
            "  \"pod:Deployment:shop/web\" -> \"pod:Deployment:shop/api\" [label=\"network\"];\n")
        .endsWith("}\n");
  }
}
