import LicenseModel

/// The contract the sandbox serves, as OpenAPI 3.0. Served at
/// `/api/v2/integrator/openapi.yaml`; the sandbox's tests check that every
/// path and status the sandbox answers with is declared here.
public enum OpenAPIDocument {
    /// Unicode's White_Space set, which `trimmingWhitespace` strips, as the body of a character class.
    public static let whiteSpace = #"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"#
    /// What `LicenseRules.isRefusedControl` refuses in every text member, and in
    /// the free texts (which may hold line breaks and tabs).
    public static let controls = #"\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069"#
    public static let controlsButBreaks = #"\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069"#
    /// The text members' patterns, as the document states them (and the tests check against LicenseRules).
    public static let issuedToPattern = "^[^\(controls)]*[^\(whiteSpace)\(controls)][^\(controls)]*$"
    public static let targetUIDPattern = "^[^\(whiteSpace)\(controls)]*$"
    public static let freeTextPattern = "^[^\(controlsButBreaks)]*$"
    /// The entitlement keywords, one YAML list item each, from `Entitlement.known`.
    static let entitlementList = Entitlement.known.map { "        - \($0.rawValue)" }.joined(separator: "\n")

    /// One schema property line per free text, from its table.
    static func freeTextProperties(_ schema: (FreeText) -> String) -> String {
        FreeText.allCases.map { "        \($0.jsonName): \(schema($0))" }.joined(separator: "\n")
    }

    /// A path's responses: the success's component, then each failure
    /// status by the component the sandbox answers it with.
    static func responses(success: String, _ failures: Int...) -> String {
        (["      responses:", "        '200': { $ref: '#/components/responses/\(success)' }"]
            + failures.map { "        '\($0)': { $ref: '#/components/responses/\(failureResponses[$0] ?? "ServerError")' }" })
            .joined(separator: "\n")
    }

    static let failureResponses = [
        400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict",
        422: "ValidationError", 429: "TooManyRequests", 500: "ServerError",
    ]

    /// The optional body of both renew paths.
    static let renewRequestBody = """
              requestBody:
                required: false
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/RenewRequest'
        """

    /// The string form of `duration_days`: digits, leading zeros allowed, from
    /// 1 to LicenseRules.maximumDurationDays, white space around (the value is
    /// trimmed). A test checks it against LicenseRules for every value.
    public static let durationDaysPattern = #"^[\#(whiteSpace)]*0*([1-9][0-9]{0,3}|[12][0-9]{4}|3[0-5][0-9]{3}|36[0-4][0-9]{2}|36500)[\#(whiteSpace)]*$"#

    public static let yaml = #"""
openapi: 3.0.3
info:
  title: Netify Licensing API (netify-licenses sandbox)
  version: "2.0"
  description: >
    The local sandbox of the Netify Licensing API. Every reply is a status
    envelope; the payload sits in `data`. Errors carry `status_code`,
    `status_message` and, for validation failures, `status_fields`.
servers:
  - url: http://127.0.0.1:8080
security:
  - apiKey: []
paths:
  /api/v2/integrator/licenses:
    get:
      summary: List the licenses created with this API key
      operationId: listLicenses
      parameters:
        - $ref: '#/components/parameters/format'
      responses:
        '200':
          description: Every license of the key, in the requested format
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/Envelope'
                  - type: object
                    properties:
                      data:
                        type: array
                        items:
                          $ref: '#/components/schemas/License'
        '401': { $ref: '#/components/responses/Unauthorized' }
        '422': { $ref: '#/components/responses/ValidationError' }
        '429': { $ref: '#/components/responses/TooManyRequests' }
        '500': { $ref: '#/components/responses/ServerError' }
    post:
      summary: Create a license
      operationId: createLicense
      parameters:
        - $ref: '#/components/parameters/format'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CreateRequest'
\#(responses(success: "CreatedLicense", 400, 401, 403, 409, 422, 429, 500))
  /api/v2/integrator/licenses/{serial}:
    parameters:
      - $ref: '#/components/parameters/serial'
    get:
      summary: View a license
      operationId: viewLicense
      parameters:
        - $ref: '#/components/parameters/format'
\#(responses(success: "OneLicense", 401, 404, 422, 429, 500))
    post:
      summary: Renew a license (alias of /renew, as the seed's examples use it)
      operationId: renewLicenseAlias
      parameters:
        - $ref: '#/components/parameters/format'
\#(renewRequestBody)
\#(responses(success: "OneLicense", 400, 401, 403, 404, 409, 422, 429, 500))
    delete:
      summary: Delete a license; the reply holds the license as it was
      operationId: deleteLicense
      parameters:
        - $ref: '#/components/parameters/format'
\#(responses(success: "OneLicense", 401, 404, 422, 429, 500))
  /api/v2/integrator/licenses/{serial}/renew:
    parameters:
      - $ref: '#/components/parameters/serial'
    post:
      summary: Extend the expiry of a license
      operationId: renewLicense
      parameters:
        - $ref: '#/components/parameters/format'
\#(renewRequestBody)
\#(responses(success: "OneLicense", 400, 401, 403, 404, 409, 422, 429, 500))
components:
  securitySchemes:
    apiKey:
      type: apiKey
      in: header
      name: x-api-key
  parameters:
    format:
      name: format
      in: query
      required: false
      description: netifyd (default) or object. On POST it may also be sent in the body.
      schema:
        type: string
        enum: [netifyd, object]
        default: netifyd
    serial:
      name: serial
      in: path
      required: true
      schema:
        type: string
        pattern: '\#(LicenseRules.serialPattern)'
  schemas:
    Envelope:
      type: object
      required: [status_code, status_message]
      properties:
        status_code:
          oneOf:
            - type: integer
            - type: string
        status_message:
          type: string
        data: {}
    ErrorEnvelope:
      type: object
      required: [status_code, status_message]
      properties:
        status_code:
          type: integer
        status_message:
          type: string
        status_fields:
          type: object
          additionalProperties:
            type: string
    Instant:
      type: object
      required: [unix, date]
      properties:
        unix:
          type: integer
          description: Epoch seconds of 00:00 UTC on `date`
        date:
          type: string
          format: date
    Entitlement:
      type: string
      enum:
\#(entitlementList)
    ObjectLicense:
      type: object
      required: [\#(LicenseField.documentOrder(.object).map(\.jsonName).joined(separator: ", "))]
      properties:
        version: { type: string }
        serial: { type: string }
        issued_to: { type: string }
        renewable: { type: boolean }
\#(freeTextProperties { _ in "{ type: string }" })
        target_uid: { type: string, nullable: true }
        entitlements:
          type: array
          items: { $ref: '#/components/schemas/Entitlement' }
        created_at: { $ref: '#/components/schemas/Instant' }
        expire_at: { $ref: '#/components/schemas/Instant' }
    NetifydLicense:
      type: object
      description: >
        What the agent loads from /etc/netifyd/license.json. Besides the members
        below, one member per entitlement keyword, each {"not_valid_after": "YYYY-MM-DD"}.
      required: [\#(LicenseField.documentOrder(.netifyd).filter { $0.placement(in: .netifyd) == .always }.map(\.jsonName).joined(separator: ", "))]
      properties:
        version: { type: string }
        serial: { type: string }
        issued_to: { type: string }
        target_uid: { type: string }
        expire_at: { $ref: '#/components/schemas/Instant' }
      additionalProperties:
        type: object
        required: [not_valid_after]
        properties:
          not_valid_after: { type: string, format: date }
    License:
      oneOf:
        - $ref: '#/components/schemas/ObjectLicense'
        - $ref: '#/components/schemas/NetifydLicense'
    OneLicenseEnvelope:
      allOf:
        - $ref: '#/components/schemas/Envelope'
        - type: object
          properties:
            data: { $ref: '#/components/schemas/License' }
    CreateRequest:
      type: object
      description: >
        Give the expiry as expire_at or duration_days, not both (null counts as
        absent); with neither, the key's maximum term applies. Only the server
        can judge what depends on today or on the key: a date that is not after
        today (422), a term beyond the key's maximum (403), a second live license
        for a target_uid with an overlapping entitlement (409).
      required: [issued_to, entitlements]
      anyOf:
        - properties: { expire_at: { enum: [null] } }
        - properties: { duration_days: { enum: [null] } }
      properties:
        format: { type: string, enum: [netifyd, object, null], nullable: true }
        issued_to:
          type: string
          minLength: 1
          maxLength: \#(LicenseRules.TextField.issuedTo.limit)
          pattern: '\#(issuedToPattern)'
          description: Who the license is for; at least one character that is not white space, no control characters; stored trimmed
        expire_at: { $ref: '#/components/schemas/ExpiryDate' }
        duration_days: { $ref: '#/components/schemas/DurationDays' }
        target_uid:
          type: string
          nullable: true
          maxLength: \#(LicenseRules.TextField.targetUID.limit)
          pattern: '\#(targetUIDPattern)'
          description: The device the license is bound to; no white space or control characters; empty or null for none
\#(freeTextProperties { "{ type: string, nullable: true, maxLength: \($0.limit), pattern: '\(freeTextPattern)' }" })
        renewable: { type: boolean, nullable: true, default: true, description: Sandbox extension }
        entitlements:
          type: array
          minItems: 1
          items: { $ref: '#/components/schemas/Entitlement' }
    RenewRequest:
      type: object
      description: >
        expire_at or duration_days, not both (null counts as absent); with neither,
        the key's maximum term. A date that is not after today is answered 422, a
        term beyond the key's maximum 403, a license that is not renewable 409.
      anyOf:
        - properties: { expire_at: { enum: [null] } }
        - properties: { duration_days: { enum: [null] } }
      properties:
        expire_at: { $ref: '#/components/schemas/ExpiryDate' }
        duration_days: { $ref: '#/components/schemas/DurationDays' }
    ExpiryDate:
      type: string
      format: date
      nullable: true
      description: A date after today (UTC), at most \#(LicenseRules.maximumDurationDays) days away, YYYY-MM-DD
    DurationDays:
      description: A whole number of days from 1 to \#(LicenseRules.maximumDurationDays), as an integer or a string of digits
      nullable: true
      oneOf:
        - type: integer
          minimum: 1
          maximum: \#(LicenseRules.maximumDurationDays)
        - type: string
          pattern: '\#(durationDaysPattern)'
  responses:
    CreatedLicense:
      description: The new license, in the requested format
      content:
        application/json:
          schema: { $ref: '#/components/schemas/OneLicenseEnvelope' }
      links:
        ViewLicense:
          operationId: viewLicense
          parameters: { serial: '$response.body#/data/serial' }
        RenewLicense:
          operationId: renewLicense
          parameters: { serial: '$response.body#/data/serial' }
        RenewLicenseAlias:
          operationId: renewLicenseAlias
          parameters: { serial: '$response.body#/data/serial' }
        DeleteLicense:
          operationId: deleteLicense
          parameters: { serial: '$response.body#/data/serial' }
    OneLicense:
      description: One license, in the requested format
      content:
        application/json:
          schema: { $ref: '#/components/schemas/OneLicenseEnvelope' }
    BadRequest:
      description: Malformed JSON, a body that is not an object, a wrong Content-Type, or a body over \#(SandboxResponder.maximumBodyBytes / 1_048_576) MiB
      content:
        application/json:
          schema: { $ref: '#/components/schemas/ErrorEnvelope' }
    Unauthorized:
      description: Missing or unknown x-api-key
      content:
        application/json:
          schema: { $ref: '#/components/schemas/ErrorEnvelope' }
    Forbidden:
      description: The key's policy does not allow this entitlement or term
      content:
        application/json:
          schema: { $ref: '#/components/schemas/ErrorEnvelope' }
    NotFound:
      description: No such license for this key (also another key's serial, and malformed serials)
      content:
        application/json:
          schema: { $ref: '#/components/schemas/ErrorEnvelope' }
    Conflict:
      description: Renewing a license that is not renewable, or a second live license for a target_uid with an overlapping entitlement
      content:
        application/json:
          schema: { $ref: '#/components/schemas/ErrorEnvelope' }
    ValidationError:
      description: A field failed validation; status_fields names it
      content:
        application/json:
          schema: { $ref: '#/components/schemas/ErrorEnvelope' }
    TooManyRequests:
      description: Over the key's request rate
      headers:
        Retry-After:
          schema: { type: integer }
      content:
        application/json:
          schema: { $ref: '#/components/schemas/ErrorEnvelope' }
    ServerError:
      description: An internal fault; no details are given
      content:
        application/json:
          schema: { $ref: '#/components/schemas/ErrorEnvelope' }
"""#
}
