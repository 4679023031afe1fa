package org.fieldplan.api.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Types from the content, names that must agree, and RFC 6266 names. */
class FileTypesTest {

    final FileTypes types = new FileTypes();

    FileTypes.Verdict check(byte[] bytes, String name) throws IOException {
        return types.check(new ByteArrayInputStream(bytes), name);
    }

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0};
    static final byte[] PDF = "%PDF-1.7\n%âãÏÓ\n".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void aPhotoIsAPhotoWhateverTheCaseOfItsName() throws IOException {
        assertThat(check(PNG, "meter.png").mediaType()).isEqualTo("image/png");
        assertThat(check(JPEG, "METER.JPG").mediaType()).isEqualTo("image/jpeg");
        assertThat(check(JPEG, "meter.jpeg").category()).isEqualTo(FileTypes.Category.IMAGE);
        assertThat(check(PNG, "no-extension").mediaType()).as("no extension: the content decides").isEqualTo("image/png");
    }

    @Test
    void aNameThatSaysSomethingElseIsRefusedWithBothTypes() throws IOException {
        FileTypes.Verdict liar = check(PDF, "photo.jpg");
        assertThat(liar.refusal()).contains("application/pdf", "image/jpeg", "'photo.jpg'");
        assertThat(check(PDF, "act.pdf").mediaType()).isEqualTo("application/pdf");
        assertThat(check("just some words".getBytes(StandardCharsets.UTF_8), "notes.txt").refusal()).contains("text/plain");
        assertThat(check(new byte[] {'M', 'Z', (byte) 0x90, 0}, "setup.exe").refusal()).isNotNull();
    }

    @Test
    void anOfficeFileIsAZipWhoseNameSaysWhichKind() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        FileTypes.Verdict docx = check(bytes.toByteArray(), "report.docx");
        assertThat(docx.refusal()).isNull();
        assertThat(docx.mediaType()).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(check(bytes.toByteArray(), "archive.zip").refusal()).as("a plain archive is not accepted").isNotNull();
    }

    @Test
    void downloadsCarryAnAsciiFallbackAndTheExactUtf8Name() {
        assertThat(ContentDispositions.of(true, "счётчик 1.png"))
                .isEqualTo("inline; filename=\"_______ 1.png\"; filename*=UTF-8''%D1%81%D1%87%D1%91%D1%82%D1%87%D0%B8%D0%BA%201.png");
        assertThat(ContentDispositions.of(false, "a\"b;c.pdf")).isEqualTo("attachment; filename=\"a_b_c.pdf\"; filename*=UTF-8''a%22b%3Bc.pdf");
    }
}
