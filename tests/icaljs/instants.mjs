// Reads one iCalendar object on standard input with ical.js, as Thunderbird does, and prints
// what it understood as JSON: the METHOD and, for each VEVENT, its UID, SEQUENCE, the absolute
// instants of DTSTART and DTEND (a date for an all-day event; null for a floating time, which
// is what a TZID the calendar does not define in a VTIMEZONE is to ical.js), the ORGANIZER and
// the ATTENDEEs with their CN.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}

function instant(time) {
  if (!time) return null;
  if (time.isDate) return time.toString(); // an all-day date: "2026-12-10"
  const zone = time.zone;
  const floating = !zone || zone === ICAL.Timezone.localTimezone || zone.tzid === "floating";
  return floating ? null : time.toJSDate().toISOString();
}

function person(property) {
  return { address: property.getFirstValue(), cn: property.getParameter("cn") ?? null };
}

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const organizer = vevent.getFirstProperty("organizer");
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue("status"),
    start: instant(event.startDate),
    end: instant(event.endDate),
    tzid: event.startDate?.zone?.tzid ?? null,
    organizer: organizer ? person(organizer) : null,
    attendees: vevent.getAllProperties("attendee").map(person),
  };
});
process.stdout.write(
  JSON.stringify({ method: calendar.getFirstPropertyValue("method"), events }) + "\n",
);
