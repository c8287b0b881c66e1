package io.activationhub.audience;

import io.activationhub.infra.HubProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's and the demo's audience files load; broken v2 files are refused with their reason. */
class AudienceFilesTest {

    private static AudienceCatalog catalog(Path dir) {
        return new AudienceCatalog(new HubProperties(dir.getParent().toString(), "routes", dir.toString(), "connectors", null));
    }

    @Test
    void projectAndDemoAudiencesLoad(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("audiences"));
        for (Path f : List.of(Path.of("audiences/welcome-loyalty-members.audience.yaml"),
                Path.of("src/main/resources/demo/audiences/demo-weekly-offer.audience.yaml"),
                Path.of("src/main/resources/demo/audiences/demo-new-member-pack.audience.yaml"))) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        AudienceCatalog catalog = catalog(dir);
        assertThat(catalog.fileStates().values()).allSatisfy(s -> assertThat(s.error()).isNull());
        AudienceDefinition weekly = catalog.get("demo-weekly-offer").orElseThrow();
        assertThat(weekly.plan()).containsExactly("email", "sms", "postal");
        assertThat(weekly.schedule()).isEqualTo("0 */2 * * * ?");
        assertThat(weekly.messageFor("sms").body()).contains("{first_name}");
        AudienceDefinition pack = catalog.get("demo-new-member-pack").orElseThrow();
        assertThat(pack.plan()).containsExactly("sms", "postal", "email");
        assertThat(pack.trigger()).isEqualTo("customers-changed");
        AudienceDefinition v1 = catalog.get("welcome-loyalty-members").orElseThrow();
        assertThat(v1.plan()).containsExactly("email");
        assertThat(v1.messageFor("email").subject()).isEqualTo("Bienvenue {greeting_name} !");
    }

    @Test
    void brokenDefinitionsAreRefusedWithTheirReason(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("audiences"));
        Files.writeString(dir.resolve("a.audience.yaml"), "id: a\nchannels: {preferred: fax}\n");
        Files.writeString(dir.resolve("b.audience.yaml"), "id: b\nchannel: sms\nschedule: \"every monday\"\n");
        Files.writeString(dir.resolve("c.audience.yaml"), "id: c\nchannel: sms\nsignal: {type: horoscope}\n");
        Files.writeString(dir.resolve("d.audience.yaml"), "id: d\nchannel: sms\nsignal: {type: churn-risk}\n");
        Files.writeString(dir.resolve("e.audience.yaml"), "id: e\nchannel: sms\ncontrolGroupShare: 1.5\n");
        Files.writeString(dir.resolve("f.audience.yaml"), "id: f\nchannel: email\nsignal: {type: weather, above: 30, below: 5}\n");
        AudienceCatalog catalog = catalog(dir);
        assertThat(catalog.all()).isEmpty();
        assertThat(catalog.fileStates().values()).extracting(AudienceCatalog.FileState::error).containsExactly(
                "audience a: channel 'fax' is not one of [ads, email, postal, sms]",
                "schedule 'every monday' is not a Quartz cron expression",
                "audience c: signal type 'horoscope' is not one of [abandoned-cart, birthday, churn-risk, post-purchase, viewed-not-bought, weather]",
                "audience d: signal churn-risk needs a threshold between 0 and 1",
                "audience e: controlGroupShare must be in [0, 1)",
                "audience f: signal weather needs above or below (one)");
    }
}
