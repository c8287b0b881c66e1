package io.activationhub.pressure;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The hub's marketing-pressure settings ({@code hub.pressure.*}): the contact cap across channels, the quiet hours,
 * and the SMS window (French legal window unless {@code hub.channels.sms.legal-window=false}, for transactional
 * use). The clock is the system's; tests set another.
 */
@Component
public class MarketingPressure {

    private final ContactCap cap;
    private final ContactWindow smsWindow;
    private volatile Clock clock = Clock.systemUTC();

    public MarketingPressure(@Value("${hub.pressure.max-contacts:3}") int maxContacts,
                             @Value("${hub.pressure.period:P7D}") Duration period,
                             @Value("${hub.pressure.quiet-hours:}") String quietHours,
                             @Value("${hub.channels.sms.legal-window:true}") boolean smsLegalWindow) {
        this.cap = new ContactCap(maxContacts, period);
        this.smsWindow = (smsLegalWindow ? ContactWindow.frenchSms() : ContactWindow.always()).withQuietHours(quietHours);
    }

    public ContactCap cap() {
        return cap;
    }

    public ContactWindow smsWindow() {
        return smsWindow;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Start of the current pressure period. */
    public Instant periodStart() {
        return now().minus(cap.period());
    }

    /** For tests and simulations: the clock holds and releases are judged by. */
    public void clock(Clock clock) {
        this.clock = clock;
    }
}
