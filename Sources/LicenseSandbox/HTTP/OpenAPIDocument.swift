/// The contract the sandbox serves, as OpenAPI 3.0. Served at
/// `/api/v2/integrator/openapi.yaml`; the sandbox's tests check that every
/// path and status the sandbox answers with is declared here.
public enum OpenAPIDocument {
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
      responses:
        '200': { $ref: '#/components/responses/OneLicense' }
        '400': { $ref: '#/components/responses/BadRequest' }
        '401': { $ref: '#/components/responses/Unauthorized' }
        '403': { $ref: '#/components/responses/Forbidden' }
        '409': { $ref: '#/components/responses/Conflict' }
        '422': { $ref: '#/components/responses/ValidationError' }
        '429': { $ref: '#/components/responses/TooManyRequests' }
        '500': { $ref: '#/components/responses/ServerError' }
  /api/v2/integrator/licenses/{serial}:
    parameters:
      - $ref: '#/components/parameters/serial'
    get:
      summary: View a license
      operationId: viewLicense
      parameters:
        - $ref: '#/components/parameters/format'
      responses:
        '200': { $ref: '#/components/responses/OneLicense' }
        '401': { $ref: '#/components/responses/Unauthorized' }
        '404': { $ref: '#/components/responses/NotFound' }
        '422': { $ref: '#/components/responses/ValidationError' }
        '429': { $ref: '#/components/responses/TooManyRequests' }
        '500': { $ref: '#/components/responses/ServerError' }
    post:
      summary: Renew a license (alias of /renew, as the seed's examples use it)
      operationId: renewLicenseAlias
      parameters:
        - $ref: '#/components/parameters/format'
      requestBody:
        required: false
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/RenewRequest'
      responses:
        '200': { $ref: '#/components/responses/OneLicense' }
        '400': { $ref: '#/components/responses/BadRequest' }
        '401': { $ref: '#/components/responses/Unauthorized' }
        '403': { $ref: '#/components/responses/Forbidden' }
        '404': { $ref: '#/components/responses/NotFound' }
        '409': { $ref: '#/components/responses/Conflict' }
        '422': { $ref: '#/components/responses/ValidationError' }
        '429': { $ref: '#/components/responses/TooManyRequests' }
        '500': { $ref: '#/components/responses/ServerError' }
    delete:
      summary: Delete a license; the reply holds the license as it was
      operationId: deleteLicense
      parameters:
        - $ref: '#/components/parameters/format'
      responses:
        '200': { $ref: '#/components/responses/OneLicense' }
        '401': { $ref: '#/components/responses/Unauthorized' }
        '404': { $ref: '#/components/responses/NotFound' }
        '422': { $ref: '#/components/responses/ValidationError' }
        '429': { $ref: '#/components/responses/TooManyRequests' }
        '500': { $ref: '#/components/responses/ServerError' }
  /api/v2/integrator/licenses/{serial}/renew:
    parameters:
      - $ref: '#/components/parameters/serial'
    post:
      summary: Extend the expiry of a license
      operationId: renewLicense
      parameters:
        - $ref: '#/components/parameters/format'
      requestBody:
        required: false
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/RenewRequest'
      responses:
        '200': { $ref: '#/components/responses/OneLicense' }
        '400': { $ref: '#/components/responses/BadRequest' }
        '401': { $ref: '#/components/responses/Unauthorized' }
        '403': { $ref: '#/components/responses/Forbidden' }
        '404': { $ref: '#/components/responses/NotFound' }
        '409': { $ref: '#/components/responses/Conflict' }
        '422': { $ref: '#/components/responses/ValidationError' }
        '429': { $ref: '#/components/responses/TooManyRequests' }
        '500': { $ref: '#/components/responses/ServerError' }
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
        pattern: '^[0-9]{4}-[0-9]{4}-[0-9]{8}$'
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
        - netify-proc-aggregator
        - netify-proc-flow-actions
        - netify-proc-dev-discovery
        - netify-proc-python
        - netify-proc-lua
        - netify-proc-intel
        - netify-sink-mqtt
        - netify-sink-ubus
        - application-signatures
    ObjectLicense:
      type: object
      required: [version, serial, issued_to, renewable, description, notes, target_uid, entitlements, created_at, expire_at]
      properties:
        version: { type: string }
        serial: { type: string }
        issued_to: { type: string }
        renewable: { type: boolean }
        description: { type: string }
        notes: { type: string }
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
      required: [version, serial, issued_to, expire_at]
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
    CreateRequest:
      type: object
      required: [issued_to, entitlements]
      properties:
        format: { type: string, enum: [netifyd, object] }
        issued_to: { type: string, maxLength: 200 }
        expire_at: { type: string, format: date, description: A future date; not with duration_days }
        duration_days:
          description: Positive whole number of days, as an integer or a string of digits
          oneOf:
            - type: integer
              minimum: 1
            - type: string
              pattern: '^[0-9]+$'
        target_uid: { type: string, maxLength: 128 }
        description: { type: string, maxLength: 1000 }
        notes: { type: string, maxLength: 4000 }
        renewable: { type: boolean, default: true, description: Sandbox extension }
        entitlements:
          type: array
          minItems: 1
          items: { $ref: '#/components/schemas/Entitlement' }
    RenewRequest:
      type: object
      properties:
        expire_at: { type: string, format: date }
        duration_days:
          oneOf:
            - type: integer
              minimum: 1
            - type: string
              pattern: '^[0-9]+$'
  responses:
    OneLicense:
      description: One license, in the requested format
      content:
        application/json:
          schema:
            allOf:
              - $ref: '#/components/schemas/Envelope'
              - type: object
                properties:
                  data: { $ref: '#/components/schemas/License' }
    BadRequest:
      description: Malformed JSON, a body that is not an object, a wrong Content-Type, or a body over 1 MiB
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
