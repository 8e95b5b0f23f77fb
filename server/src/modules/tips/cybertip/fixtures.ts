/**
 * Synthetic CyberTipline reports for tests: invented people and values, neutral placeholder text, no
 * content. Shaped like the ESP-report XML and the law-enforcement JSON download.
 */
export const SAMPLE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<report xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://report.cybertip.org/ispws/xsd">
  <reportId>900000001</reportId>
  <incidentSummary>
    <incidentType>Online Enticement of Children for Sexual Acts</incidentType>
    <escalateToHighPriority>Synthetic escalation reason</escalateToHighPriority>
    <reportAnnotations><sextortion/><minorToMinorInteraction/></reportAnnotations>
    <incidentDateTime>2024-01-15T21:30:00+07:00</incidentDateTime>
  </incidentSummary>
  <internetDetails>
    <webPageIncident thirdPartyHostedContent="false"><url>https://Example.COM/Page/</url></webPageIncident>
  </internetDetails>
  <internetDetails>
    <chatImIncident><chatClient>Synthetic Chat</chatClient><content>not carried</content></chatImIncident>
  </internetDetails>
  <reporter>
    <reportingPerson><firstName>Synthetic</firstName><email>reporter@esp.example</email></reportingPerson>
    <espName>Telegram</espName>
  </reporter>
  <personOrUserReported>
    <personOrUserReportedPerson>
      <firstName>Testfirst</firstName><lastName>Testlast</lastName>
      <email verified="true">Suspect.One@Mail.Example.org</email>
      <phone countryCallingCode="855">012 345 678</phone>
      <address type="Home"><address>Street 1</address><city>Phnom Penh</city><country>KH</country></address>
      <age>41</age>
    </personOrUserReportedPerson>
    <espIdentifier>100200300</espIdentifier>
    <screenName>@Synthetic_User</screenName>
    <ipCaptureEvent><ipAddress>203.0.113.7</ipAddress><eventName>Login</eventName>
      <dateTime>2024-01-15T14:00:00Z</dateTime><port>443</port><possibleProxy>false</possibleProxy></ipCaptureEvent>
    <ipCaptureEvent><ipAddress>192.168.1.10</ipAddress><eventName>Upload</eventName></ipCaptureEvent>
    <deviceId><idType>IMEI</idType><idValue>35-209900-176148-1</idValue></deviceId>
    <estimatedLocation verified="false"><city>Siem Reap</city><region>Siem Reap</region><countryCode>KH</countryCode></estimatedLocation>
    <favouriteColour>unknown element</favouriteColour>
  </personOrUserReported>
  <intendedRecipient>
    <intendedRecipientPerson><age>14</age></intendedRecipientPerson>
    <screenName>recipient_1</screenName>
  </intendedRecipient>
  <victim>
    <victimPerson><firstName>Victimfirst</firstName><age>13</age>
      <address><address>Not kept</address><city>Battambang</city></address></victimPerson>
    <schoolName>Synthetic School</schoolName>
  </victim>
  <additionalInfo>Synthetic report 1</additionalInfo>
  <fileDetails>
    <reportId>900000001</reportId>
    <fileId>F1</fileId>
    <fileName>file-1.jpg</fileName>
    <fileViewedByEsp>false</fileViewedByEsp>
    <publiclyAvailable>true</publiclyAvailable>
    <originalFileHash hashType="MD5">D41D8CD98F00B204E9800998ECF8427E</originalFileHash>
    <ipCaptureEvent><ipAddress>2001:db8::1</ipAddress><eventName>Upload</eventName></ipCaptureEvent>
  </fileDetails>
  <fileDetails>
    <fileId>F2</fileId>
    <originalFileHash hashType="SHA1">da39a3ee5e6b4b0d3255bfef95601890afd80709</originalFileHash>
  </fileDetails>
</report>`;

export const SAMPLE_JSON = JSON.stringify({
  reportId: '900000002',
  incidentSummary: {
    incidentType: 'Child Sex Tourism',
    escalateToHighPriority: false,
    reportAnnotations: ['spam'],
    incidentDateTime: '2024-02-01T08:00:00Z',
  },
  sourceInformation: { espName: 'Facebook' },
  reportedInformation: {
    reportedPeople: {
      reportedPersons: [
        {
          firstName: 'Testfirst',
          emails: ['suspect.two@mail.example.org'],
          phones: [{ number: '097 123 4567', countryCallingCode: '855' }],
          screenNames: ['synthetic.two'],
          espIdentifiers: ['555'],
          ipCaptureEvents: [
            { ipAddress: '198.51.100.20', eventName: 'Registration', dateTime: '2024-01-30T10:00:00Z' },
          ],
          estimatedLocation: { countryCode: 'KH', region: 'Preah Sihanouk' },
          age: 52,
        },
      ],
      victims: [{ victimPerson: { age: 12 }, schoolName: 'Synthetic School 2' }],
    },
    internetDetails: [
      { cellPhoneIncident: { phoneNumber: '+855 12 999 888', latitude: 11.55, longitude: 104.92 } },
    ],
    uploadedFiles: [
      {
        fileId: 'F9',
        fileName: 'file-9.jpg',
        fileViewedByEsp: true,
        originalFileHashes: [{ hashType: 'MD5', value: '0cc175b9c0f1b6a831c399e269772661' }],
        ipCaptureEvents: [{ ipAddress: '198.51.100.20', eventName: 'Upload' }],
      },
    ],
    additionalInformation: 'Synthetic report 2',
  },
});
