package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.model.Inventory;
import dev.parapet.netpol.Connectivity;
import dev.parapet.netpol.Connectivity.Connection;
import dev.parapet.netpol.IpRange;
import dev.parapet.perf.NetpolGenerator;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The matrix renderers write large matrices without a JSON tree or a format string per row; their
 * output must stay what the straightforward versions wrote.
 */
class NetpolRendererTest {
  private static List<Connection> matrix() {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT)
            .read(
                "c.yaml",
                NetpolGenerator.list(new NetpolGenerator.Spec(5, 12, 40, 90, 120))
                    .getBytes(StandardCharsets.UTF_8));
    List<Connection> connections = Connectivity.of(Inventory.build(List.of(f))).connections();
    assertThat(connections).hasSizeGreaterThan(100);
    return connections;
  }

  @Test
  void streamedJsonIsTheDocumentATreeWouldGive() throws IOException {
    List<Connection> connections = matrix();
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", NetpolRenderer.SCHEMA_VERSION);
    ArrayNode array = root.putArray("connections");
    for (Connection c : connections) {
      ObjectNode o = array.addObject();
      o.put("src", c.src().display());
      o.put("dst", c.dst().display());
      o.put("ports", NetpolRenderer.ports(c.ports()));
      ArrayNode ranges = o.putArray("portRanges");
      c.ports()
          .ranges()
          .forEach(
              (protocol, rs) ->
                  rs.forEach(
                      r ->
                          ranges
                              .addObject()
                              .put("protocol", protocol.name())
                              .put("from", r.from())
                              .put("to", r.to())));
      o.put("srcExternal", c.src() instanceof IpRange);
      o.put("dstExternal", c.dst() instanceof IpRange);
    }
    StringBuilder tree = new StringBuilder();
    Tool.writeJson(root, tree);

    StringBuilder streamed = new StringBuilder();
    NetpolRenderer.json(connections, streamed);
    assertThat(streamed.toString()).isEqualTo(tree.toString());
    StringWriter writer = new StringWriter();
    NetpolRenderer.json(connections, writer);
    assertThat(writer.toString()).isEqualTo(tree.toString());

    StringBuilder empty = new StringBuilder();
    NetpolRenderer.json(List.of(), empty);
    assertThat(empty.toString())
        .isEqualTo("{\n  \"schemaVersion\": \"1\",\n  \"connections\": []\n}\n");
  }

  @Test
  void tableIsPaddedAsTheFormatStringDid() throws IOException {
    List<Connection> connections = matrix();
    int src = 3;
    int dst = 3;
    for (Connection c : connections) {
      src = Math.max(src, c.src().display().length());
      dst = Math.max(dst, c.dst().display().length());
    }
    String format = "%-" + src + "s  %-" + dst + "s  %s%n";
    StringBuilder expected = new StringBuilder(String.format(format, "SRC", "DST", "PORTS"));
    for (Connection c : connections) {
      expected.append(
          String.format(
              format, c.src().display(), c.dst().display(), NetpolRenderer.ports(c.ports())));
    }
    StringBuilder table = new StringBuilder();
    NetpolRenderer.table(connections, table);
    assertThat(table.toString()).isEqualTo(expected.toString());
  }

  @Test
  void ipv6RangesAreWrittenInCanonicalFormInEveryFormat() throws IOException {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT)
            .read(
                "dual-stack.yaml",
                Files.readAllBytes(Path.of("src/test/resources/netpol-ipv6/dual-stack.yaml")));
    Connectivity c = Connectivity.of(Inventory.build(List.of(f)));
    List<Connection> connections = c.connections();
    StringBuilder table = new StringBuilder();
    NetpolRenderer.table(connections, table);
    StringBuilder json = new StringBuilder();
    NetpolRenderer.json(connections, json);
    StringBuilder csv = new StringBuilder();
    NetpolRenderer.csv(connections, csv);
    StringBuilder dot = new StringBuilder();
    NetpolRenderer.dot(c.groups(), connections, dot);
    for (StringBuilder out : List.of(table, json, csv, dot)) {
      assertThat(out.toString())
          .contains("2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]")
          .contains("::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External]")
          .contains("2001:db8:1:ff::-2001:db8:1:ff:ffff:ffff:ffff:ffff[External]")
          .doesNotContain(":0:0:");
    }
  }
}
