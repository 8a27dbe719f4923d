package dev.parapet.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.parapet.check.Check;
import dev.parapet.check.CheckMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BuiltinChecksTest {
  @Test
  void everyCheckClassIsRegistered() {
    Set<String> registered = new TreeSet<>();
    BuiltinChecks.ALL.forEach(c -> registered.add(c.getClass().getName()));
    Set<String> declared = new TreeSet<>();
    for (JavaClass c :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.parapet")) {
      if (c.isAssignableTo(Check.class)
          && !c.isInterface()
          && !c.getModifiers().contains(JavaModifier.ABSTRACT)) {
        declared.add(c.getName());
      }
    }
    assertThat(registered).isEqualTo(declared);
  }

  @Test
  void metadataIsValidAndIdsAreUnique() {
    List<String> errors = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (CheckMeta m : BuiltinChecks.metas()) {
      errors.addAll(m.validate());
      if (!ids.add(m.id())) {
        errors.add("duplicate id " + m.id());
      }
      m.aliases()
          .forEach(
              a -> {
                if (!ids.add(a)) {
                  errors.add("alias " + a + " collides");
                }
              });
      m.overlaps()
          .forEach(
              o -> {
                if (BuiltinChecks.find(o).isEmpty()) {
                  errors.add(m.id() + " overlaps unknown check " + o);
                }
              });
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void listIsSortedById() {
    List<String> ids = BuiltinChecks.metas().stream().map(CheckMeta::id).toList();
    assertThat(ids).isSortedAccordingTo(CheckMeta.ID_ORDER);
  }
}
