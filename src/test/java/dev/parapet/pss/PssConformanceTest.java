package dev.parapet.pss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.model.Workload;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Evaluates every fixture of the PodSecurity admission plugin's own test data
 * (../shared/corpus/psa) and requires full agreement: pass fixtures allowed, fail fixtures
 * forbidden by the control the file is named after (or the restricted control that replaces it),
 * with that control's message.
 */
class PssConformanceTest {
  static final Path CORPUS = Path.of("..", "shared", "corpus", "psa", "testdata");
  private static final Pattern DIR =
      Pattern.compile("(baseline|restricted)/v1\\.(\\d+)/(pass|fail)");
  private static final Pattern PREFIX = Pattern.compile("([a-z_]+?)\\d*\\.yaml");

  /** Message substrings upstream's integration test expects, by file prefix. */
  private static final Map<String, String> MESSAGES =
      Map.ofEntries(
          Map.entry("privileged", "privileged"),
          Map.entry("hostnamespaces", "host namespaces"),
          Map.entry("hostpathvolumes", "hostPath"),
          Map.entry("hostports", "hostPort"),
          Map.entry("capabilities_baseline", "capabilities"),
          Map.entry("apparmorprofile", "forbidden AppArmor profile"),
          Map.entry("selinuxoptions", "seLinuxOptions"),
          Map.entry("procmount", "procMount"),
          Map.entry("seccompprofile_baseline", "seccompProfile"),
          Map.entry("sysctls", "forbidden sysctl"),
          Map.entry("windowshostprocess", "hostProcess"),
          Map.entry("hostprobesandhostlifecycle", "probe or lifecycle host"),
          Map.entry("restrictedvolumes", "restricted volume types"),
          Map.entry("runasnonroot", "runAsNonRoot"),
          Map.entry("runasuser", "runAsUser"),
          Map.entry("allowprivilegeescalation", "allowPrivilegeEscalation"),
          Map.entry("seccompprofile_restricted", "seccompProfile"),
          Map.entry("capabilities_restricted", "unrestricted capabilities"),
          Map.entry("procmount_restricted", "procMount"));

  @Test
  void agreesWithEveryUpstreamFixture() throws IOException {
    assertThat(CORPUS).as("the PSA corpus must be checked out beside the project").isDirectory();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(CORPUS)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    YamlReader reader = new YamlReader(Limits.DEFAULT);
    int passAgree = 0;
    int failAgree = 0;
    List<String> disagreements = new ArrayList<>();
    for (Path file : files) {
      Matcher m = DIR.matcher(CORPUS.relativize(file.getParent()).toString().replace('\\', '/'));
      if (!m.matches()) {
        continue;
      }
      Level level = Level.parse(m.group(1));
      PssVersion version = new PssVersion(Integer.parseInt(m.group(2)));
      boolean expectPass = m.group(3).equals("pass");
      ParsedFile parsed = reader.read(file.toString(), Files.readAllBytes(file));
      assertThat(parsed.problems()).as(file.toString()).isEmpty();
      Inventory inventory = Inventory.build(List.of(parsed));
      assertThat(inventory.workloads()).as(file.toString()).hasSize(1);
      Workload pod = inventory.workloads().get(0);
      PssEvaluator.Result result = PssEvaluator.evaluate(pod, level, version);
      String where = level.label() + "/" + version + "/" + m.group(3) + "/" + file.getFileName();
      if (expectPass) {
        if (result.allowed()) {
          passAgree++;
        } else {
          disagreements.add(where + ": expected allowed, got " + result.violations());
        }
        continue;
      }
      String prefix = prefixOf(file);
      String control = expectedControl(prefix, level, version);
      boolean named =
          result.violations().stream()
              .anyMatch(
                  v ->
                      v.control().toLowerCase(Locale.ROOT).equals(control)
                          && v.message().contains(MESSAGES.get(prefix)));
      if (named) {
        failAgree++;
      } else {
        disagreements.add(
            where + ": expected forbidden by " + control + ", got " + result.violations());
      }
    }
    System.out.printf(
        "PSA conformance: %d fixtures, %d pass agreed, %d fail agreed, %d disagreed%n",
        passAgree + failAgree + disagreements.size(), passAgree, failAgree, disagreements.size());
    assertThat(disagreements).isEmpty();
    assertThat(passAgree + failAgree).isGreaterThan(4500);
  }

  private static String prefixOf(Path file) {
    Matcher m = PREFIX.matcher(file.getFileName().toString());
    assertThat(m.matches()).as(file.toString()).isTrue();
    return m.group(1);
  }

  /** Under restricted, some baseline fixtures fail through the restricted control replacing it. */
  private static String expectedControl(String prefix, Level level, PssVersion v) {
    if (level == Level.RESTRICTED) {
      if (prefix.equals("hostpathvolumes")) {
        return "restrictedvolumes";
      }
      if (prefix.equals("seccompprofile_baseline") && v.atLeast(19)) {
        return "seccompprofile_restricted";
      }
      if (prefix.equals("capabilities_baseline") && v.atLeast(22)) {
        return "capabilities_restricted";
      }
      if (prefix.equals("procmount") && v.atLeast(35)) {
        return "procmount_restricted";
      }
    }
    return prefix;
  }
}
