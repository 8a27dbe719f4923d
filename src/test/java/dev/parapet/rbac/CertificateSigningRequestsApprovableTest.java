package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CertificateSigningRequestsApprovableTest {
  @Test
  void signerNamesHaveOneSlashWithTextOnEitherSide() {
    assertThat(
            CertificateSigningRequestsApprovable.namesSigner("kubernetes.io/kube-apiserver-client"))
        .isTrue();
    assertThat(CertificateSigningRequestsApprovable.namesSigner("example.com/*")).isTrue();
    assertThat(CertificateSigningRequestsApprovable.namesSigner("*")).isFalse();
    assertThat(CertificateSigningRequestsApprovable.namesSigner("my-signer")).isFalse();
    assertThat(CertificateSigningRequestsApprovable.namesSigner("/x")).isFalse();
    assertThat(CertificateSigningRequestsApprovable.namesSigner("a/b/c")).isFalse();
    assertThat(CertificateSigningRequestsApprovable.namesSigner("example.com/")).isFalse();
  }
}
