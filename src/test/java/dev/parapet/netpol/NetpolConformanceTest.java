package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parapet.model.Inventory;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs the netpol-analyzer cases of ../shared/corpus/netpol: each input folder's connectivity list,
 * rendered as upstream prints it, must equal the expected one as a set of lines, {@code
 * {ingress-controller}} lines (traffic entering through an Ingress, from {@link
 * Exposure#ingressConnections()}) included; how many of those agree is printed too.
 */
class NetpolConformanceTest {
  private static final Path CORPUS = Path.of("..", "shared", "corpus", "netpol");

  /** Raise as more cases agree; never lower it. */
  private static final int AGREEING = 28;

  @Test
  void agreesWithNetpolAnalyzer() throws IOException {
    assertThat(Files.isDirectory(CORPUS))
        .as(
            "the netpol-analyzer corpus is missing at %s: check it out beside this clone as"
                + " ../shared/corpus/netpol (CI has it there); these tests fail rather than skip",
            CORPUS.toAbsolutePath())
        .isTrue();
    JsonNode cases = new ObjectMapper().readTree(CORPUS.resolve("cases.json").toFile());
    List<String> agreed = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    int ingressLines = 0;
    int ingressAgreed = 0;
    for (JsonNode c : cases) {
      Path input = CORPUS.resolve(c.get("input").asText());
      Set<String> expected = new TreeSet<>();
      for (String line : Files.readAllLines(CORPUS.resolve(c.get("expected").asText()))) {
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("{ingress-controller}")) {
          ingressLines++;
        }
        expected.add(line.strip());
      }
      Set<String> actual = render(input);
      ingressAgreed +=
          (int)
              expected.stream()
                  .filter(l -> l.startsWith("{ingress-controller}") && actual.contains(l))
                  .count();
      String name = input.getFileName().toString();
      if (actual.equals(expected)) {
        agreed.add(name);
        report.append("agree    ").append(name).append('\n');
      } else {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        report
            .append("disagree ")
            .append(name)
            .append(": ")
            .append(missing.size())
            .append(" missing, ")
            .append(extra.size())
            .append(" extra\n");
        missing.stream().limit(8).forEach(l -> report.append("  - ").append(l).append('\n'));
        extra.stream().limit(8).forEach(l -> report.append("  + ").append(l).append('\n'));
      }
    }
    report
        .append("netpol conformance: ")
        .append(agreed.size())
        .append('/')
        .append(cases.size())
        .append(" cases agree; ")
        .append(ingressAgreed)
        .append('/')
        .append(ingressLines)
        .append(" {ingress-controller} lines agree\n");
    System.out.print(report);
    assertThat(agreed.size()).as(report.toString()).isGreaterThanOrEqualTo(AGREEING);
    assertThat(ingressAgreed).as(report.toString()).isEqualTo(ingressLines).isPositive();
  }

  private static Set<String> render(Path folder) {
    Inventory inventory =
        Scanner.load(
                List.of(folder.toString()), new ByteArrayInputStream(new byte[0]), Limits.DEFAULT)
            .inventory();
    Set<String> out = new TreeSet<>();
    List<Connectivity.Connection> all = new ArrayList<>(Connectivity.of(inventory).connections());
    all.addAll(Exposure.of(inventory).ingressConnections());
    for (Connectivity.Connection c : all) {
      if (!c.src().display().equals(c.dst().display())) {
        out.add(c.src().display() + " => " + c.dst().display() + " : " + c.ports());
      }
    }
    return out;
  }
}
