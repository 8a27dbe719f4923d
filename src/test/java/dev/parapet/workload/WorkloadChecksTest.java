package dev.parapet.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.parapet.check.Check;
import dev.parapet.check.CheckMeta;
import dev.parapet.scan.BuiltinChecks;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkloadChecksTest {
  private static final Map<String, String> CATEGORY_BY_PREFIX =
      Map.of("POD", "workload", "IMG", "image", "SEC", "secret", "EXP", "exposure");

  @Test
  void everyCheckClassOfThePackageIsRegistered() {
    Set<String> registered =
        WorkloadChecks.ALL.stream().map(c -> c.getClass().getName()).collect(Collectors.toSet());
    Set<String> declared =
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.parapet.workload")
                .stream()
                .filter(c -> c.isAssignableTo(Check.class))
                .filter(
                    c ->
                        !c.getModifiers()
                            .contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT))
                .map(JavaClass::getName)
                .collect(Collectors.toSet());
    assertThat(registered).isEqualTo(declared);
  }

  @Test
  void registryIsSortedById() {
    List<String> ids = WorkloadChecks.ALL.stream().map(c -> c.meta().id()).toList();
    assertThat(ids).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
  }

  @Test
  void metadataIsValidAndCategoryFollowsThePrefix() {
    for (Check c : WorkloadChecks.ALL) {
      CheckMeta m = c.meta();
      assertThat(m.validate()).as(m.id()).isEmpty();
      assertThat(Modifier.isFinal(c.getClass().getModifiers())).as(m.id() + " is final").isTrue();
      assertThat(c.getClass().getSimpleName()).as(m.id()).doesNotEndWith("Check");
      String prefix = m.id().substring(0, m.id().indexOf('-'));
      assertThat(m.category()).as(m.id()).isEqualTo(CATEGORY_BY_PREFIX.get(prefix));
      assertThat(m.description()).as(m.id()).contains("Triggered");
      for (String cis : m.cis()) {
        assertThat(cis).as(m.id()).matches("CIS 1\\.10: [1-5](\\.[0-9]+)+");
      }
      assertThat(m.mitre().size() + m.cis().size() + m.nsa().size()).as(m.id()).isPositive();
    }
  }

  @Test
  void overlapsNameRealChecks() {
    for (Check c : WorkloadChecks.ALL) {
      for (String other : c.meta().overlaps()) {
        assertThat(BuiltinChecks.find(other)).as(c.meta().id() + " overlaps " + other).isPresent();
      }
    }
  }

  @Test
  void idsDoNotCollideWithOtherPackages() {
    List<String> all = BuiltinChecks.ALL.stream().map(c -> c.meta().id()).toList();
    assertThat(all).doesNotHaveDuplicates();
  }
}
