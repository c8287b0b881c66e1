package io.activationhub.hygiene;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cleans a raw loyalty or registration record: names, birth date, email, phones, postal address
 * and range-checked amounts, with every correction and flag collected in one {@link CleanContact}.
 *
 * <p>Phones are routed by what they are, not by the field they came in: a mobile given as
 * {@code phone} becomes the mobile (when the mobile field holds none), and a landline or other
 * non-mobile number given as {@code mobile} is flagged {@link FlagCode#NOT_A_MOBILE} and moved to
 * the phone slot, so that SMS only ever goes to a mobile. A number for which no slot is left is
 * kept in {@link CleanContact#otherPhones()} and flagged.
 *
 * <p>Immutable and thread-safe: one instance can clean records from many threads.
 */
public final class ContactCleaner {

    private final PhoneNormalizer phones;
    private final EmailNormalizer emails;
    private final NameParser names;
    private final PostalAddressNormalizer addresses;
    private final LenientDateParser dates;
    private final ValidityRanges ranges;

    /** A cleaner made of the given parts. */
    public ContactCleaner(PhoneNormalizer phones, EmailNormalizer emails, NameParser names,
                          PostalAddressNormalizer addresses, LenientDateParser dates, ValidityRanges ranges) {
        this.phones = Objects.requireNonNull(phones, "phones");
        this.emails = Objects.requireNonNull(emails, "emails");
        this.names = Objects.requireNonNull(names, "names");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.dates = Objects.requireNonNull(dates, "dates");
        this.ranges = Objects.requireNonNull(ranges, "ranges");
    }

    /** French defaults: phones read in France, the shipped references, default validity ranges. */
    public static ContactCleaner withDefaults(Clock clock) {
        return withRanges(ValidityRanges.defaults(clock));
    }

    /** French defaults with a deployment's validity ranges. */
    public static ContactCleaner withRanges(ValidityRanges ranges) {
        return new ContactCleaner(new PhoneNormalizer("FR"), new EmailNormalizer(), new NameParser(),
                new PostalAddressNormalizer(), new LenientDateParser(), ranges);
    }

    /** Cleans one record. */
    public CleanContact clean(ContactRecord record) {
        Findings findings = new Findings();
        record = repairDoubleEncoding(record, findings);

        PersonName name = names.parse(record.civility(), record.firstName(), record.lastName(), record.contact());
        findings.addAll(name.corrections(), name.flags());

        ParsedDate birth = dates.parse(ContactRecord.BIRTH_DATE, record.birthDate());
        findings.addAll(birth.corrections(), birth.flags());
        findings.addAll(List.of(), ranges.checkBirthDate(ContactRecord.BIRTH_DATE, birth.date()));

        CleanEmail email = emails.normalize(record.email());
        findings.addAll(email.corrections(), email.flags());

        // numbers are read in the record's country when it is not France's numbering (Monaco's residents mostly
        // keep French mobiles; the overseas departments are read by their prefixes)
        String region = record.country() == null || record.country().isBlank() ? null : CountryNames.resolve(record.country());
        if (region != null && (CountryNames.isFrenchPostalArea(region) || region.equals("MC"))) {
            region = null;
        }
        PhoneSlots slots = routePhones(phones.normalize(ContactRecord.MOBILE, record.mobile(), region),
                phones.normalize(ContactRecord.PHONE, record.phone(), region));
        // a field holding two numbers: the first is read above, the others fill an empty slot or join the others
        for (String[] field : new String[][]{{ContactRecord.MOBILE, record.mobile()}, {ContactRecord.PHONE, record.phone()}}) {
            for (String further : PhoneNormalizer.furtherNumbers(field[1])) {
                place(slots, field[0], phones.normalize(field[0], further, region));
            }
        }
        for (CleanPhone phone : slots.all) {
            findings.addAll(phone.corrections(), phone.flags());
        }

        PostalAddress address = addresses.normalize(new PostalAddressInput(
                name.isEmpty() ? null : name.recipientLine(),
                Arrays.asList(record.addressLine1(), record.addressLine2(), record.addressLine3(), record.addressLine4()),
                record.postcode(), record.city(), record.country()));
        findings.addAll(address.corrections(), address.flags());

        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        for (Map.Entry<String, String> attribute : record.attributes().entrySet()) {
            if (ranges.range(attribute.getKey()).isPresent()) {
                ValidityRanges.ParsedAmount amount = ranges.parseAmount(attribute.getKey(), attribute.getValue());
                findings.addAll(amount.corrections(), amount.flags());
                if (amount.value() != null) {
                    amounts.put(attribute.getKey(), amount.value());
                }
            }
        }

        return new CleanContact(name, birth.date(), email, slots.mobile, slots.phone, slots.others, address, amounts,
                findings.corrections(), findings.flags());
    }

    /** {@code HÃ©lÃ¨ne} (UTF-8 read as windows-1252 upstream) back to {@code Hélène} in the text fields, each repair recorded. */
    private static ContactRecord repairDoubleEncoding(ContactRecord r, Findings findings) {
        String[] fields = {ContactRecord.CIVILITY, ContactRecord.FIRST_NAME, ContactRecord.LAST_NAME, ContactRecord.CONTACT,
                ContactRecord.ADDRESS_LINE1, ContactRecord.ADDRESS_LINE2, ContactRecord.ADDRESS_LINE3,
                ContactRecord.ADDRESS_LINE4, ContactRecord.CITY};
        String[] values = {r.civility(), r.firstName(), r.lastName(), r.contact(), r.addressLine1(), r.addressLine2(),
                r.addressLine3(), r.addressLine4(), r.city()};
        boolean changed = false;
        for (int i = 0; i < values.length; i++) {
            String repaired = TextFolding.repairDoubleEncoding(values[i]);
            if (repaired != values[i] && !repaired.equals(values[i])) {
                findings.correct(fields[i], CorrectionCode.FORMATTED,
                        "text encoded twice upstream (UTF-8 read as windows-1252): accents repaired", values[i], repaired);
                values[i] = repaired;
                changed = true;
            }
        }
        if (!changed) {
            return r;
        }
        return new ContactRecord(values[0], values[1], values[2], values[3], r.birthDate(), r.email(), r.phone(),
                r.mobile(), values[4], values[5], values[6], values[7], r.postcode(), values[8], r.country(), r.attributes());
    }

    /** A further number of a field (after its first) into the slots: an empty slot of its type, else the others. */
    private static void place(PhoneSlots slots, String field, CleanPhone number) {
        if (!number.isValid()) {
            slots.all.add(number);
            return;
        }
        boolean known = slots.mobile != null && number.e164().equals(slots.mobile.e164())
                || slots.phone != null && number.e164().equals(slots.phone.e164())
                || slots.others.stream().anyMatch(o -> number.e164().equals(o.e164()));
        if (known) {
            slots.all.add(number.withFindings(List.of(new Correction(field, CorrectionCode.DUPLICATE_REMOVED,
                    "second number of the field, already kept", number.original(), null)), List.of()));
            return;
        }
        CleanPhone placed;
        if (number.isMobile() && slots.mobile == null) {
            placed = number.withFindings(List.of(new Correction(field, CorrectionCode.RESTRUCTURED,
                    "second number of the field, a mobile: used as the mobile", number.original(), number.e164())), List.of());
            slots.mobile = placed;
        } else if (!number.isMobile() && slots.phone == null) {
            placed = number.withFindings(List.of(new Correction(field, CorrectionCode.RESTRUCTURED,
                    "second number of the field: used as the phone", number.original(), number.e164())), List.of());
            slots.phone = placed;
        } else {
            placed = number.withFindings(List.of(), List.of(new Flag(field, FlagCode.EXTRA_VALUE,
                    "second number of the field: kept among the other phones", number.original())));
            slots.others.add(placed);
        }
        slots.all.add(placed);
    }

    /** Where each number goes. */
    private static final class PhoneSlots {
        CleanPhone mobile;
        CleanPhone phone;
        final List<CleanPhone> others = new ArrayList<>(0);
        final List<CleanPhone> all = new ArrayList<>(2);
    }

    private static PhoneSlots routePhones(CleanPhone fromMobileField, CleanPhone fromPhoneField) {
        PhoneSlots slots = new PhoneSlots();
        if (fromMobileField.isMobile()) {
            slots.mobile = fromMobileField;
        } else if (!fromMobileField.isValid()) {
            slots.all.add(fromMobileField);
        }

        CleanPhone phone = fromPhoneField;
        if (phone.isMobile()) {
            if (slots.mobile == null) {
                slots.mobile = phone.withFindings(List.of(new Correction(ContactRecord.PHONE, CorrectionCode.MOVED,
                        "a mobile number given as phone: used as the mobile", phone.original(), phone.e164())), List.of());
            } else if (slots.mobile.e164().equals(phone.e164())) {
                slots.all.add(phone.withFindings(List.of(new Correction(ContactRecord.PHONE, CorrectionCode.DUPLICATE_REMOVED,
                        "same number as the mobile", phone.original(), null)), List.of()));
            } else {
                slots.phone = phone.withFindings(List.of(), List.of(new Flag(ContactRecord.PHONE, FlagCode.EXTRA_VALUE,
                        "a second mobile given as phone: kept as the voice number; SMS goes to the mobile field's number",
                        phone.original())));
            }
        } else if (phone.isValid()) {
            slots.phone = phone;
        } else {
            slots.all.add(phone);
        }

        if (fromMobileField.isValid() && !fromMobileField.isMobile()) {
            Flag notMobile = new Flag(ContactRecord.MOBILE, FlagCode.NOT_A_MOBILE,
                    "given as mobile but a " + fromMobileField.type().name().toLowerCase(java.util.Locale.ROOT)
                            + " number: cannot receive SMS", fromMobileField.original());
            if (slots.phone == null) {
                slots.phone = fromMobileField.withFindings(List.of(new Correction(ContactRecord.MOBILE, CorrectionCode.MOVED,
                        "not a mobile: moved to the phone slot", fromMobileField.original(), fromMobileField.e164())), List.of(notMobile));
            } else if (slots.phone.e164().equals(fromMobileField.e164())) {
                slots.all.add(fromMobileField.withFindings(List.of(new Correction(ContactRecord.MOBILE, CorrectionCode.DUPLICATE_REMOVED,
                        "same number as the phone", fromMobileField.original(), null)), List.of(notMobile)));
            } else {
                CleanPhone extra = fromMobileField.withFindings(List.of(), List.of(notMobile, new Flag(ContactRecord.MOBILE,
                        FlagCode.EXTRA_VALUE, "phone slot already taken: kept among the other phones", fromMobileField.original())));
                slots.others.add(extra);
            }
        }
        if (slots.mobile != null) {
            slots.all.add(0, slots.mobile);
        }
        if (slots.phone != null) {
            slots.all.add(slots.phone);
        }
        slots.all.addAll(slots.others);
        return slots;
    }
}
