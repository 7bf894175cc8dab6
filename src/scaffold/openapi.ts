import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ScaffoldPaths } from './scaffold-paths';
import { ServiceModel } from './service-model';
import { quoteYaml } from '../private/yaml-writer';

// api/openapi.yaml: the OpenAPI 3 description of exactly the routes the router serves.

function openapiYaml(m: ServiceModel): string {
  return `openapi: 3.0.3
info:
  title: ${m.name}
  description: ${quoteYaml(m.description)}
  version: 0.1.0
paths:
  ${m.healthPath}:
    get:
      operationId: getHealth
      summary: Liveness probe
      description: Answers 200 while the process is up and serving HTTP.
      tags: [probes]
      responses:
        "200":
          description: The process is alive.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Status"
  ${m.readinessPath}:
    get:
      operationId: getReadiness
      summary: Readiness probe
      description: Answers 200 when the service can take traffic, 503 while it shuts down or a dependency is unavailable.
      tags: [probes]
      responses:
        "200":
          description: The service is ready.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Status"
        "503":
          description: The service is shutting down or a dependency is unavailable.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Status"
  /v1/items:
    get:
      operationId: listItems
      summary: List items
      tags: [items]
      responses:
        "200":
          description: Every item, in creation order.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ItemList"
        "500":
          $ref: "#/components/responses/InternalError"
    post:
      operationId: createItem
      summary: Create an item
      tags: [items]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/CreateItemRequest"
      responses:
        "201":
          description: The item was created.
          headers:
            Location:
              description: The path of the new item.
              schema:
                type: string
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Item"
        "400":
          description: The body is not a JSON object, or the name is empty or too long.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        "500":
          $ref: "#/components/responses/InternalError"
  /v1/items/{id}:
    get:
      operationId: getItem
      summary: Get an item
      tags: [items]
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The item.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Item"
        "404":
          description: No item has this id.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        "500":
          $ref: "#/components/responses/InternalError"
components:
  responses:
    InternalError:
      description: An unexpected failure; details are logged, not returned.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
  schemas:
    Status:
      type: object
      required: [status]
      properties:
        status:
          type: string
          example: ok
    Item:
      type: object
      required: [id, name, createdAt]
      properties:
        id:
          type: string
          example: "1"
        name:
          type: string
          example: widget
        createdAt:
          type: string
          format: date-time
    ItemList:
      type: object
      required: [items]
      properties:
        items:
          type: array
          items:
            $ref: "#/components/schemas/Item"
    CreateItemRequest:
      type: object
      required: [name]
      properties:
        name:
          type: string
          minLength: 1
          maxLength: 100
          example: widget
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: string
          example: item not found
`;
}

/** The team-owned files of this part of the service. */
export function openapiFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: ScaffoldPaths.OPENAPI, content: openapiYaml(m), ownership: FileOwnership.TEAM },
  ];
}
