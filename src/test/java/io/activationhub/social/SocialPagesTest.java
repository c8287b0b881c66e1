package io.activationhub.social;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocialPagesTest {

    @Test
    void readsAGraphPageAndItsCursor() throws IOException {
        String body = """
                {"data":[{"id":"c1","timestamp":"2026-11-20T10:15:00+0000","text":"Love it","username":"anna",
                          "like_count":3,"from":{"id":"u1","username":"anna"}},
                         {"id":"c2","timestamp":"2026-11-20T09:00:00+00:00","text":"Meh","from":{"id":"u2","username":"bob"}}],
                 "paging":{"cursors":{"before":"B","after":"A1"},"next":"https://graph/x?after=A1"}}""";
        SocialPages.Page page = SocialPages.graph(body, "42", "comment");
        assertThat(page.items()).hasSize(2);
        assertThat(page.next()).isEqualTo("A1");
        Engagement first = page.items().get(0);
        assertThat(first.itemId()).isEqualTo("c1");
        assertThat(first.authorHandle()).isEqualTo("anna");
        assertThat(first.likeCount()).isEqualTo(3);
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
        assertThat(first.toString()).doesNotContain("anna").doesNotContain("Love");
    }

    @Test
    void aGraphPageWithoutNextIsTheLastAndMayBeEmpty() throws IOException {
        SocialPages.Page page = SocialPages.graph("{\"data\":[],\"paging\":{\"cursors\":{\"before\":\"B\",\"after\":\"A\"}}}", "42", "mention");
        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isNull();
    }

    @Test
    void readsAnXPageWithItsNextTokenAndNewestId() throws IOException {
        String body = """
                {"data":[{"id":"105","text":"@brand hello","author_id":"9","created_at":"2026-11-20T10:00:00.000Z",
                          "public_metrics":{"like_count":7,"retweet_count":1}}],
                 "meta":{"newest_id":"105","oldest_id":"105","result_count":1,"next_token":"T2"}}""";
        SocialPages.Page page = SocialPages.x(body, "77");
        assertThat(page.newestId()).isEqualTo("105");
        assertThat(page.next()).isEqualTo("T2");
        assertThat(page.items().get(0).likeCount()).isEqualTo(7);
        assertThat(page.items().get(0).authorId()).isEqualTo("9");
    }

    @Test
    void anItemWithoutIdIsAnError() {
        assertThatThrownBy(() -> SocialPages.x("{\"data\":[{\"text\":\"x\"}],\"meta\":{}}", "1"))
                .hasMessageContaining("no id");
    }

    @Test
    void webhookSignaturesAreCheckedAgainstTheRawBody() {
        byte[] body = "{\"entry\":[]}".getBytes(StandardCharsets.UTF_8);
        // known answer: HMAC-SHA256("secret", body)
        String header = WebhookSignature.sign("secret", body);
        assertThat(header).startsWith("sha256=").hasSize(7 + 64);
        assertThat(WebhookSignature.verify("secret", body, header)).isTrue();
        assertThat(WebhookSignature.verify("secret", body, header.toUpperCase().replace("SHA256", "sha256"))).isTrue();
        assertThat(WebhookSignature.verify("other", body, header)).isFalse();
        assertThat(WebhookSignature.verify("secret", "{\"entry\":[1]}".getBytes(StandardCharsets.UTF_8), header)).isFalse();
        assertThat(WebhookSignature.verify("secret", body, null)).isFalse();
        assertThat(WebhookSignature.verify("", body, header)).isFalse();
    }

    @Test
    void readsWebhookNotificationsIntoEngagements() throws IOException {
        String body = """
                {"object":"instagram","entry":[{"id":"17841","time":1763633700,"changes":[
                  {"field":"comments","value":{"id":"c9","text":"Great","from":{"id":"u9","username":"zoe"}}},
                  {"field":"mentions","value":{"comment_id":"m3","media_id":"md1"}},
                  {"field":"story_insights","value":{"id":"s1"}}]}]}""";
        var events = GraphWebhookEvents.read(body.getBytes(StandardCharsets.UTF_8));
        assertThat(events).extracting(Engagement::kind, Engagement::itemId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("comment", "c9"), org.assertj.core.groups.Tuple.tuple("mention", "m3"));
        assertThat(events.get(0).createdAt()).isEqualTo(Instant.ofEpochSecond(1763633700));
        assertThatThrownBy(() -> GraphWebhookEvents.read("{}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("no entry");
    }

    @Test
    void readsTheTimeToRegainAccessFromTheUsageHeader() {
        assertThat(SocialPolling.regainMinutes("{\"123\":[{\"type\":\"ads_management\",\"call_count\":100,"
                + "\"estimated_time_to_regain_access\":12}]}")).isEqualTo(12);
        assertThat(SocialPolling.regainMinutes(null)).isEqualTo(5);
        assertThat(SocialPolling.regainMinutes("not json")).isEqualTo(5);
    }
}
