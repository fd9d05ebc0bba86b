// Generated from openapi/capella-mock.yaml by openapi/embed.py (make openapi). Do not edit.

enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.0.3
info:
  title: capella-mock
  version: v4.0
  description: |
    The HTTP interface of capella-mock, a local stand-in for the Couchbase Capella Management
    API v4 limited to organizations, projects, clusters, API keys and customer-managed
    encryption keys (CMEK), plus the test-control API under /_mock.

    Everything under /v4 keeps Capella's paths, operation ids, JSON field names and error
    bodies, so a client written against this document also works against Capella. Where
    capella-mock returns more than the public Capella schema lists (for example a cluster's
    `deletionProtection` and `zones`), the extra fields are optional here.

    Calls under /v4 need `Authorization: Bearer <token>`; the token of the seeded Organization
    Owner key is printed when the server starts. Calls under /_mock need no token.

    Order of checks on /v4: credentials (401), rate limit (429, only with --rate-limit),
    malformed path ids (400), organization and role (403), request body (400 for JSON that
    does not parse or has a wrong type, 422 for a value the rules refuse), then existence (404)
    and state (409, 412, 422). Every error body is an Error object.

    Lists take `page` (from 1), `perPage` (1 to 100, default 10), `sortBy` and `sortDirection`
    and answer `{data, cursor}`; `cursor.pages.next` is left out on the last page and
    `cursor.pages.previous` on the first, and an href that does not apply is the empty string.

    Fault rules added with POST /_mock/faults can make any /v4 call answer with another status
    (400 to 599), arrive late, or get no answer at all; those answers are not listed per
    operation below.
servers:
- url: http://127.0.0.1:8080
security:
- token: []
tags:
- name: Organizations
- name: Api Keys
- name: Projects
- name: Clusters
- name: CMEK
- name: Test control
  description: capella-mock's own API for tests; not part of Capella.
paths:
  /v4/organizations:
    get:
      tags:
      - Organizations
      operationId: listOrganizations
      summary: List the caller's organization
      description: Answers `{data}` holding the organization of the calling API key; there is no cursor.
      responses:
        '200':
          description: The caller's organization.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetOrganizationsResponse'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Organization Member
      - Project Creator
  /v4/organizations/{organizationId}:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    get:
      tags:
      - Organizations
      operationId: getOrganizationByID
      summary: Read an organization
      responses:
        '200':
          description: The organization; its ETag carries audit.version.
          headers:
            ETag:
              $ref: '#/components/headers/ETag'
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetOrganizationResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Organization Member
      - Project Creator
  /v4/organizations/{organizationId}/apikeys:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    post:
      tags:
      - Api Keys
      operationId: postOrganizationAPIKeys
      summary: Create an API key
      description: |
        Issues a key and answers its id and token; the token is shown only here. A caller that
        is not an Organization Owner may only create keys holding organizationMember plus roles
        on projects it owns.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CreateAPIKeyRequest'
            example:
              name: ci reader
              description: read-only key for CI
              expiry: 30
              allowedCIDRs:
              - 0.0.0.0/0
              organizationRoles:
              - organizationMember
              resources: []
      responses:
        '201':
          description: The new key's id and token.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/CreateAPIKeyResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Creator (keys on its projects)
      - Project Owner (keys on its projects)
    get:
      tags:
      - Api Keys
      operationId: listOrganizationAPIKeys
      summary: List API keys
      description: Only the keys the caller may manage, and the caller's own key, are listed.
      parameters:
      - $ref: '#/components/parameters/Page'
      - $ref: '#/components/parameters/PerPage'
      - $ref: '#/components/parameters/APIKeysSortBy'
      - $ref: '#/components/parameters/SortDirection'
      responses:
        '200':
          description: One page of keys.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetAPIKeys'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Organization Member
      - Project Creator
      - any project role
  /v4/organizations/{organizationId}/apikeys/{ApiKeyId}:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/AccessKey'
    get:
      tags:
      - Api Keys
      operationId: getOrganizationAPIKeyByAccessKey
      summary: Read an API key
      description: |
        A caller that is not an Organization Owner gets 403 for any key outside its reach,
        whether or not the key exists.
      responses:
        '200':
          description: The key, without its token.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetAPIKey'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner (keys on its projects)
    delete:
      tags:
      - Api Keys
      operationId: deleteOrganizationAPIKey
      summary: Delete an API key
      description: The key's token stops working at once.
      responses:
        '204':
          description: Deleted.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner (keys on its projects)
  /v4/organizations/{organizationId}/apikeys/{ApiKeyId}/rotate:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/AccessKey'
    post:
      tags:
      - Api Keys
      operationId: postOrganizationAPIKeyRotate
      summary: Rotate an API key
      description: |
        Gives the key a new secret (the one sent, or a generated one) and so a new token; the
        old token stops working at once. The body may be left out.
      requestBody:
        required: false
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/RotateAPIKeyRequest'
            example:
              secret: Rotated-Secret_0123456789_abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJ!
      responses:
        '200':
          description: The new secret and token.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/RotateAPIKeyResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner (keys on its projects)
  /v4/organizations/{organizationId}/projects:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    post:
      tags:
      - Projects
      operationId: postProject
      summary: Create a project
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CreateProjectRequest'
            example:
              name: Payments
              description: Clusters of the payments team
      responses:
        '201':
          description: The new project's id.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/CreateProjectResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Creator
    get:
      tags:
      - Projects
      operationId: listProjects
      summary: List projects
      description: Only the projects the caller holds a role on are listed (all of them for an Organization Owner).
      parameters:
      - $ref: '#/components/parameters/Page'
      - $ref: '#/components/parameters/PerPage'
      - $ref: '#/components/parameters/ProjectsSortBy'
      - $ref: '#/components/parameters/SortDirection'
      responses:
        '200':
          description: One page of projects.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetProjectsResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - any project role
  /v4/organizations/{organizationId}/projects/{projectId}:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    get:
      tags:
      - Projects
      operationId: getProjectByID
      summary: Read a project
      responses:
        '200':
          description: The project; its ETag carries audit.version.
          headers:
            ETag:
              $ref: '#/components/headers/ETag'
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetProjectResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - any project role on this project
    put:
      tags:
      - Projects
      operationId: putProject
      summary: Update a project
      parameters:
      - $ref: '#/components/parameters/If-Match'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/UpdateProjectRequest'
            example:
              name: Default Project
              description: Renamed nothing, described better
      responses:
        '204':
          description: Updated; audit.version went up by one.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '412':
          $ref: '#/components/responses/PreconditionFailed'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
    delete:
      tags:
      - Projects
      operationId: deleteProjectByID
      summary: Delete a project
      description: Refused with 409 while the project still has clusters.
      responses:
        '204':
          description: Deleted.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
  /v4/organizations/{organizationId}/projects/{projectId}/clusters:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    post:
      tags:
      - Clusters
      operationId: postCluster
      summary: Create a cluster
      description: |
        Accepted with 202; the cluster is `deploying` until the simulated deploy time has
        passed, then `healthy`. With `cmekId` the cluster is encrypted with that key from the
        start (the key rules of AssociateCMEK apply).
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CreateClusterRequest'
            example:
              name: orders
              description: Orders database
              cloudProvider:
                type: aws
                region: us-west-2
                cidr: 10.10.0.0/23
              couchbaseServer:
                version: '7.6'
              serviceGroups:
              - node:
                  compute:
                    cpu: 4
                    ram: 16
                  disk:
                    type: gp3
                    storage: 50
                    iops: 3000
                numOfNodes: 3
                services:
                - data
                - index
                - query
              availability:
                type: multi
              support:
                plan: enterprise
                timezone: GMT
      responses:
        '202':
          description: The new cluster's id.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/CreateClusterResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
    get:
      tags:
      - Clusters
      operationId: listClusters
      summary: List a project's clusters
      parameters:
      - $ref: '#/components/parameters/Page'
      - $ref: '#/components/parameters/PerPage'
      - $ref: '#/components/parameters/ClustersSortBy'
      - $ref: '#/components/parameters/SortDirection'
      responses:
        '200':
          description: One page of clusters.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetClustersResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - any project role on this project
  /v4/organizations/{organizationId}/projects/{projectId}/clusters/{clusterId}:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    - $ref: '#/components/parameters/ClusterId'
    get:
      tags:
      - Clusters
      operationId: getCluster
      summary: Read a cluster
      description: A cluster of another project is refused with 422 (code 4031); a missing one with 404 (code 4025).
      responses:
        '200':
          description: The cluster; its ETag carries audit.version.
          headers:
            ETag:
              $ref: '#/components/headers/ETag'
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetClusterResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - any project role on this project
    put:
      tags:
      - Clusters
      operationId: putCluster
      summary: Update a cluster
      description: |
        Changes name, description, service groups and support; the cluster is `scaling`, then
        `healthy`. Provider, region, CIDR, server version and availability cannot change and are
        ignored when sent.
      parameters:
      - $ref: '#/components/parameters/If-Match'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/UpdateClusterRequest'
            example:
              name: Default Cluster
              description: Scaled out for the holidays
              serviceGroups:
              - node:
                  compute:
                    cpu: 8
                    ram: 32
                  disk:
                    type: gp3
                    storage: 100
                    iops: 4000
                numOfNodes: 5
                services:
                - data
                - index
                - query
                - search
              support:
                plan: enterprise
                timezone: PT
      responses:
        '204':
          description: Accepted; the cluster is scaling.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '412':
          $ref: '#/components/responses/PreconditionFailed'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
    delete:
      tags:
      - Clusters
      operationId: deleteCluster
      summary: Delete a cluster
      description: |
        Accepted with 202; the cluster is `destroying`, then gone (404, code 4025). Refused with
        422 while deletion protection is on.
      parameters:
      - name: retainsnapshotbackups
        in: query
        required: false
        description: Accepted for compatibility; capella-mock keeps no backups.
        schema:
          type: boolean
      responses:
        '202':
          description: Accepted; the cluster is destroying.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /v4/organizations/{organizationId}/projects/{projectId}/clusters/{clusterId}/activationState:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    - $ref: '#/components/parameters/ClusterId'
    post:
      tags:
      - Clusters
      operationId: clusterOn
      summary: Turn a cluster on
      description: |
        Accepted with 202 when the cluster is `turnedOff`: it is `turningOn`, then `healthy`.
        Any other state is refused with 409, code 7010. The body may be left out.
      requestBody:
        required: false
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CreateClusterOnRequest'
            example:
              turnOnLinkedAppService: false
      responses:
        '202':
          description: Accepted; the cluster is turning on.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
    delete:
      tags:
      - Clusters
      operationId: clusterOff
      summary: Turn a cluster off
      description: |
        Accepted with 202 when the cluster is `healthy`: it is `turningOff`, then `turnedOff`.
        Any other state is refused with 409, code 7011.
      responses:
        '202':
          description: Accepted; the cluster is turning off.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /v4/organizations/{organizationId}/projects/{projectId}/clusters/{clusterId}/deletionProtection:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    - $ref: '#/components/parameters/ClusterId'
    put:
      tags:
      - Clusters
      operationId: putClusterDeletionProtection
      summary: Turn deletion protection on or off
      description: Not in Capella's public document; used by the Terraform provider. GET cluster shows the setting as `deletionProtection`.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/UpdateDeletionProtectionRequest'
            example:
              deletionProtection: true
      responses:
        '204':
          description: Set.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /v4/organizations/{organizationId}/cloudAccounts:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    get:
      tags:
      - CMEK
      operationId: getCloudAccounts
      summary: Capella's cloud account ids
      description: The AWS account, GCP project and Azure subscription that must be given access to a customer's key.
      responses:
        '200':
          description: The three account ids.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/CloudAccounts'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Organization Member
      - Project Creator
  /v4/organizations/{organizationId}/cmek:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    post:
      tags:
      - CMEK
      operationId: postCMEKMetadata
      summary: Register a key
      description: |
        Records an AWS, GCP or Azure key (exactly one config variant). Azure keys need
        PUT .../cmek/providers with azure first. An inaccessible key resource is refused with 422.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CreateCMEKMetadata'
            example:
              name: orders-key
              description: Key of the orders cluster
              config:
                arn: arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
      responses:
        '200':
          description: The new key's id.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/CreateCMEKMetadataResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
    get:
      tags:
      - CMEK
      operationId: getKeyMetadataList
      summary: List the organization's keys
      parameters:
      - $ref: '#/components/parameters/Page'
      - $ref: '#/components/parameters/PerPage'
      - $ref: '#/components/parameters/CMEKSortBy'
      - $ref: '#/components/parameters/SortDirection'
      responses:
        '200':
          description: One page of keys.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetCMEKMetadataListResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Organization Member
  /v4/organizations/{organizationId}/cmek/providers:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    put:
      tags:
      - CMEK
      operationId: enableCMEK
      summary: Enable CMEK for a cloud provider
      description: |
        Needed before registering Azure keys (it creates the organization's Azure application);
        AWS and GCP keys work without it. An unsupported provider, whatever its JSON type, is
        refused with 422.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/EnableCMEKRequest'
            example:
              cloudProvider: azure
      responses:
        '204':
          description: Enabled.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
  /v4/organizations/{organizationId}/cmek/{cmekId}:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/CMEKId'
    get:
      tags:
      - CMEK
      operationId: getKeyMetadata
      summary: Read a key
      responses:
        '200':
          description: The key.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetCMEKMetadata'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Organization Member
    put:
      tags:
      - CMEK
      operationId: rotateCMEKKey
      summary: Rotate a key
      description: |
        Points the key at a new key resource of the same provider, at most once per 30 simulated
        days and only while every cluster using it is healthy; those clusters redeploy.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/RotateCMEKKey'
            example:
              config:
                arn: arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555
      responses:
        '204':
          description: Rotated.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '412':
          $ref: '#/components/responses/PreconditionFailed'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
    delete:
      tags:
      - CMEK
      operationId: deleteKeyMetadata
      summary: Delete a key
      description: Refused with 422 while any cluster uses the key.
      responses:
        '204':
          description: Deleted.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
  /v4/organizations/{organizationId}/cmek/{cmekId}/history:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/CMEKId'
    get:
      tags:
      - CMEK
      operationId: listCMEKHistory
      summary: A key's rotation history
      description: Newest first by default, so the active key resource comes first.
      parameters:
      - $ref: '#/components/parameters/Page'
      - $ref: '#/components/parameters/PerPage'
      - $ref: '#/components/parameters/CMEKHistorySortBy'
      - $ref: '#/components/parameters/SortDirection'
      responses:
        '200':
          description: One page of history entries.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetCMEKHistoryMetadataListResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Organization Member
  /v4/organizations/{organizationId}/cmekAzureApplication:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    get:
      tags:
      - CMEK
      operationId: getAzureApplicationID
      summary: The organization's Azure application
      description: 404 until Azure CMEK is enabled for the organization.
      responses:
        '200':
          description: The application (client) id.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetAzureCMEKApplicationResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Organization Member
  /v4/organizations/{organizationId}/projects/{projectId}/cmek/providers:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    put:
      tags:
      - CMEK
      operationId: enableCMEKAzureProject
      summary: Enable Azure CMEK for a project
      description: |
        Only `azure` is accepted (aws and gcp are refused with 422). Independent of the
        organization's setting in both directions.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/EnableCMEKRequest'
            example:
              cloudProvider: azure
      responses:
        '204':
          description: Enabled.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /v4/organizations/{organizationId}/projects/{projectId}/cmekAzureApplication:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    get:
      tags:
      - CMEK
      operationId: getAzureApplicationIDForProject
      summary: The project's Azure application
      description: 404 until Azure CMEK is enabled for the project.
      responses:
        '200':
          description: The application (client) id.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetAzureCMEKApplicationResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /v4/organizations/{organizationId}/projects/{projectId}/cmek:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    post:
      tags:
      - CMEK
      operationId: postCMEKAzureMetadataForProject
      summary: Register a project's Azure key
      description: Project keys are Azure keys only and need the project's Azure CMEK enabled; they are seen only under this project.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CreateCMEKMetadata'
            example:
              name: team-key
              config:
                keyLocation: https://team-vault.vault.azure.net/keys/team/00112233445566778899aabbccddeeff
                region: eastus
      responses:
        '200':
          description: The new key's id.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/CreateCMEKMetadataResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
    get:
      tags:
      - CMEK
      operationId: getAzureKeyMetadataListForProject
      summary: List a project's keys
      parameters:
      - $ref: '#/components/parameters/Page'
      - $ref: '#/components/parameters/PerPage'
      - $ref: '#/components/parameters/CMEKSortBy'
      - $ref: '#/components/parameters/SortDirection'
      responses:
        '200':
          description: One page of keys.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetCMEKMetadataListResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /v4/organizations/{organizationId}/projects/{projectId}/cmek/{cmekId}:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    - $ref: '#/components/parameters/CMEKId'
    get:
      tags:
      - CMEK
      operationId: getAzureKeyMetadataForProject
      summary: Read a project's key
      responses:
        '200':
          description: The key.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetCMEKMetadata'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
    put:
      tags:
      - CMEK
      operationId: rotateAzureKeyMetadataForProject
      summary: Rotate a project's key
      description: The rules of rotateCMEKKey apply.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/RotateCMEKKey'
            example:
              config:
                keyLocation: https://team-vault.vault.azure.net/keys/team/ffeeddccbbaa99887766554433221100
                region: eastus
      responses:
        '204':
          description: Rotated.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '412':
          $ref: '#/components/responses/PreconditionFailed'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
    delete:
      tags:
      - CMEK
      operationId: deleteAzureKeyMetadataForProject
      summary: Delete a project's key
      description: Refused with 422 while any cluster uses the key.
      responses:
        '204':
          description: Deleted.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /v4/organizations/{organizationId}/projects/{projectId}/cmek/{cmekId}/history:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    - $ref: '#/components/parameters/CMEKId'
    get:
      tags:
      - CMEK
      operationId: listAzureKeyHistoryForProject
      summary: A project key's rotation history
      parameters:
      - $ref: '#/components/parameters/Page'
      - $ref: '#/components/parameters/PerPage'
      - $ref: '#/components/parameters/CMEKHistorySortBy'
      - $ref: '#/components/parameters/SortDirection'
      responses:
        '200':
          description: One page of history entries.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/GetCMEKHistoryMetadataListResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /v4/organizations/{organizationId}/projects/{projectId}/clusters/{clusterId}/cmek/{cmekId}/associate:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    - $ref: '#/components/parameters/ClusterId'
    - $ref: '#/components/parameters/CMEKId'
    post:
      tags:
      - CMEK
      operationId: AssociateCMEK
      summary: Encrypt a cluster with a key
      description: |
        The key must be of the cluster's provider and serve its region, the cluster must be on
        the Enterprise plan, healthy and without a key, and the key resource must be accessible.
        The cluster is then `rebalancing` until the redeploy is over. No body.
      responses:
        '204':
          description: Accepted; the cluster is rebalancing.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /v4/organizations/{organizationId}/projects/{projectId}/clusters/{clusterId}/cmek/{cmekId}/unassociate:
    parameters:
    - $ref: '#/components/parameters/OrganizationId'
    - $ref: '#/components/parameters/ProjectId'
    - $ref: '#/components/parameters/ClusterId'
    - $ref: '#/components/parameters/CMEKId'
    post:
      tags:
      - CMEK
      operationId: UnassociateCMEK
      summary: Remove a key from a cluster
      description: The key must be the cluster's; the cluster redeploys without it and the key's metadata stays. No body.
      responses:
        '204':
          description: Accepted; the cluster is rebalancing.
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/AccessForbidden'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '422':
          $ref: '#/components/responses/UnprocessableContent'
        '429':
          $ref: '#/components/responses/RateLimitExceeded'
        '500':
          $ref: '#/components/responses/InternalServerError'
      x-roles:
      - Organization Owner
      - Project Owner
      - Project Manager
  /_mock/health:
    get:
      tags:
      - Test control
      operationId: mockHealth
      summary: Liveness check
      description: Served even with --no-admin, for wait loops and container health checks.
      security: []
      responses:
        '200':
          description: The server is up.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockHealth'
  /_mock/openapi.yaml:
    get:
      tags:
      - Test control
      operationId: mockOpenAPI
      summary: This document
      security: []
      responses:
        '200':
          description: The OpenAPI document capella-mock serves (this file), as YAML.
          content:
            application/yaml:
              schema:
                type: object
                required:
                - openapi
                - paths
  /_mock/clock:
    get:
      tags:
      - Test control
      operationId: mockGetClock
      summary: Read the simulated clock
      security: []
      responses:
        '200':
          description: The simulated time and how fast it runs.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockClock'
        '500':
          $ref: '#/components/responses/InternalServerError'
  /_mock/clock/advance:
    post:
      tags:
      - Test control
      operationId: mockAdvanceClock
      summary: Move the simulated clock forward
      description: Every cluster transition due by the new time has finished when this answers.
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/MockAdvanceClockRequest'
            example:
              seconds: 420
      responses:
        '200':
          description: The new simulated time.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockAdvanceClockResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '500':
          $ref: '#/components/responses/InternalServerError'
  /_mock/reset:
    post:
      tags:
      - Test control
      operationId: mockReset
      summary: Go back to the start state
      description: |
        Restores the start state (built in, or the --seed file) and clears fault rules, duration
        changes, KMS overrides, the request journal and rate-limit windows. The clock is not moved.
      security: []
      responses:
        '204':
          description: Reset.
        '500':
          $ref: '#/components/responses/InternalServerError'
  /_mock/state:
    get:
      tags:
      - Test control
      operationId: mockGetState
      summary: Export the whole state
      description: The same document is accepted by PUT /_mock/state and by --seed.
      security: []
      responses:
        '200':
          description: The state as a snapshot document.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockSnapshot'
        '500':
          $ref: '#/components/responses/InternalServerError'
    put:
      tags:
      - Test control
      operationId: mockPutState
      summary: Replace the whole state
      description: |
        Replaces the state atomically and sets the clock to the document's time. A document that
        does not validate is refused with 400 naming the first problem, and nothing changes.
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/MockSnapshot'
      responses:
        '204':
          description: Replaced.
        '400':
          $ref: '#/components/responses/BadRequest'
        '500':
          $ref: '#/components/responses/InternalServerError'
  /_mock/requests:
    get:
      tags:
      - Test control
      operationId: mockListRequests
      summary: Read the request journal
      description: The /v4 (and other non-admin) requests the server answered, oldest first; /_mock calls are not recorded.
      security: []
      parameters:
      - name: method
        in: query
        required: false
        description: Only requests with this HTTP method (any case).
        schema:
          type: string
      - name: path
        in: query
        required: false
        description: Only requests whose path matches this pattern ({name} or * for one segment, * inside a segment, ** for any number of segments).
        schema:
          type: string
          pattern: ^/
      - name: status
        in: query
        required: false
        description: Only requests answered with this status (404) or status class (4xx).
        schema:
          type: string
      - name: operation
        in: query
        required: false
        description: Only requests routed to this operation id.
        schema:
          type: string
      responses:
        '200':
          description: The matching journal entries.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockJournal'
        '400':
          $ref: '#/components/responses/BadRequest'
        '500':
          $ref: '#/components/responses/InternalServerError'
    delete:
      tags:
      - Test control
      operationId: mockClearRequests
      summary: Empty the request journal
      security: []
      responses:
        '204':
          description: Emptied.
        '500':
          $ref: '#/components/responses/InternalServerError'
  /_mock/faults:
    post:
      tags:
      - Test control
      operationId: mockAddFault
      summary: Add a fault rule
      description: |
        A request rule (with `path`) makes matching /v4 calls fail, arrive late or get no answer,
        optionally only for the next `times` calls. A transition rule (`cluster` and `outcome`)
        makes the next transition of that kind on that cluster (or on any cluster, with "*")
        end in the failed state named.
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/MockFaultRequest'
            example:
              method: POST
              path: /v4/organizations/*/cmek
              status: 503
              times: 1
      responses:
        '201':
          description: The rule's id.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockCreated'
        '400':
          $ref: '#/components/responses/BadRequest'
        '500':
          $ref: '#/components/responses/InternalServerError'
    get:
      tags:
      - Test control
      operationId: mockListFaults
      summary: List fault rules
      description: Request rules first, in the order they are tried, then planted transition failures.
      security: []
      responses:
        '200':
          description: The rules.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockFaultList'
        '500':
          $ref: '#/components/responses/InternalServerError'
    delete:
      tags:
      - Test control
      operationId: mockClearFaults
      summary: Remove every fault rule
      security: []
      responses:
        '204':
          description: Removed.
        '500':
          $ref: '#/components/responses/InternalServerError'
  /_mock/faults/{faultId}:
    parameters:
    - name: faultId
      in: path
      required: true
      schema:
        type: string
        format: uuid
    delete:
      tags:
      - Test control
      operationId: mockRemoveFault
      summary: Remove one fault rule
      security: []
      responses:
        '204':
          description: Removed.
        '400':
          $ref: '#/components/responses/BadRequest'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '500':
          $ref: '#/components/responses/InternalServerError'
  /_mock/kms/keys:
    get:
      tags:
      - Test control
      operationId: mockListKMSOverrides
      summary: Key resources the simulated KMS refuses
      security: []
      responses:
        '200':
          description: The inaccessible key resources.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockKMSList'
        '500':
          $ref: '#/components/responses/InternalServerError'
    put:
      tags:
      - Test control
      operationId: mockSetKMSAccess
      summary: Take access to a key resource away, or give it back
      description: |
        With `accessible: false` Capella can no longer use the key resource: clusters using it
        turn `degraded` and registering, associating or rotating to it is refused. `true` undoes it.
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/MockKMSAccess'
            example:
              key: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
              accessible: false
      responses:
        '200':
          description: The setting now in force.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockKMSAccess'
        '400':
          $ref: '#/components/responses/BadRequest'
        '500':
          $ref: '#/components/responses/InternalServerError'
  /_mock/durations:
    get:
      tags:
      - Test control
      operationId: mockGetDurations
      summary: Simulated durations of cluster operations
      security: []
      responses:
        '200':
          description: Seconds of simulated time per operation.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockDurations'
        '500':
          $ref: '#/components/responses/InternalServerError'
    put:
      tags:
      - Test control
      operationId: mockSetDurations
      summary: Change simulated durations
      description: Applies to transitions started afterwards; fields left out keep their value.
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/MockDurationsUpdate'
            example:
              deploy: 60
              cmekRedeploy: 30
      responses:
        '200':
          description: The durations now in force.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockDurations'
        '400':
          $ref: '#/components/responses/BadRequest'
        '500':
          $ref: '#/components/responses/InternalServerError'
  /_mock/clusters/{clusterId}/repair:
    parameters:
    - $ref: '#/components/parameters/ClusterId'
    post:
      tags:
      - Test control
      operationId: mockRepairCluster
      summary: Bring a failed or degraded cluster back to healthy
      description: Refused with 409 while the cluster is in the middle of an operation.
      security: []
      responses:
        '200':
          description: The cluster's id and new state.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/MockRepairResponse'
        '400':
          $ref: '#/components/responses/BadRequest'
        '404':
          $ref: '#/components/responses/ResourceNotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '500':
          $ref: '#/components/responses/InternalServerError'
components:
  securitySchemes:
    token:
      type: http
      scheme: bearer
      description: The token of a Capella API key (base64 of "<key id>:<secret>" for keys the server issues).
  headers:
    ETag:
      description: '`Version: N`, where N is audit.version. If-Match takes this value or the bare number.'
      schema:
        type: string
    RetryAfter:
      description: Whole seconds (of simulated time) until the key's window has room again.
      schema:
        type: string
  parameters:
    OrganizationId:
      name: organizationId
      in: path
      required: true
      schema:
        type: string
        format: uuid
    ProjectId:
      name: projectId
      in: path
      required: true
      schema:
        type: string
        format: uuid
    ClusterId:
      name: clusterId
      in: path
      required: true
      schema:
        type: string
        format: uuid
    CMEKId:
      name: cmekId
      in: path
      required: true
      schema:
        type: string
        format: uuid
    AccessKey:
      name: ApiKeyId
      in: path
      required: true
      description: An API key id (32 letters and digits for keys the server issues); not a UUID.
      schema:
        type: string
    If-Match:
      name: If-Match
      in: header
      required: false
      description: 'Apply the change only if the resource is still at this version (`Version: N`, `N` or `*`); otherwise 412.'
      schema:
        type: string
    Page:
      name: page
      in: query
      required: false
      description: Page number, from 1.
      schema:
        type: integer
        minimum: 1
    PerPage:
      name: perPage
      in: query
      required: false
      description: Items per page, 1 to 100 (default 10).
      schema:
        type: integer
        minimum: 1
        maximum: 100
    SortDirection:
      name: sortDirection
      in: query
      required: false
      schema:
        type: string
        enum:
        - asc
        - desc
    APIKeysSortBy:
      name: sortBy
      in: query
      required: false
      description: Fields to sort by, repeated or comma-separated.
      style: form
      explode: true
      schema:
        type: array
        items:
          type: string
          enum:
          - id
          - name
          - description
          - createdAt
          - expiry
    ProjectsSortBy:
      name: sortBy
      in: query
      required: false
      description: Fields to sort by, repeated or comma-separated.
      style: form
      explode: true
      schema:
        type: array
        items:
          type: string
          enum:
          - id
          - name
          - description
          - createdAt
          - modifiedAt
    ClustersSortBy:
      name: sortBy
      in: query
      required: false
      description: Fields to sort by, repeated or comma-separated.
      style: form
      explode: true
      schema:
        type: array
        items:
          type: string
          enum:
          - id
          - name
          - availability
          - cloudProvider
          - couchbaseServer
          - currentState
          - createdAt
    CMEKSortBy:
      name: sortBy
      in: query
      required: false
      description: Fields to sort by, repeated or comma-separated.
      style: form
      explode: true
      schema:
        type: array
        items:
          type: string
          enum:
          - id
          - name
          - description
          - createdAt
          - modifiedAt
    CMEKHistorySortBy:
      name: sortBy
      in: query
      required: false
      schema:
        type: string
        enum:
        - active
        - associatedAt
        - associatedBy
        - key
  responses:
    BadRequest:
      description: Malformed request (JSON that does not parse, a field of the wrong JSON type, a path id that is not a UUID, or a bad page/perPage; code 1000). Bad input to /_mock is also answered this way.
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    Unauthorized:
      description: Missing, unknown, expired, deleted or Basic credentials, or a caller outside the key's allowed CIDRs (code 1001).
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    AccessForbidden:
      description: The key may not call this operation on this organization or project (code 1002).
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    ResourceNotFound:
      description: 'A resource named in the path does not exist (codes: 3000 generic, 2000 project, 4025 cluster).'
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    Conflict:
      description: The resource's state does not allow the request (code 1010; 7010/7011 for on/off).
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    PreconditionFailed:
      description: If-Match names another version (code 1012).
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    UnprocessableContent:
      description: A value or a state rule refuses the request (code 1005 unless a more specific one applies, e.g. 12003 for a key config, 4031 for a cluster of another project).
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    RateLimitExceeded:
      description: Over the key's requests per minute (only with --rate-limit; code 1004).
      headers:
        Retry-After:
          $ref: '#/components/headers/RetryAfter'
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    InternalServerError:
      description: Something unexpected went wrong (code 10000).
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
  schemas:
    Error:
      type: object
      required:
      - httpStatusCode
      - code
      - message
      - hint
      properties:
        httpStatusCode:
          type: integer
          description: The HTTP status again.
        code:
          type: integer
          description: Capella's error code.
        message:
          type: string
        hint:
          type: string
    CouchbaseAuditData:
      type: object
      required:
      - createdBy
      - createdAt
      - modifiedBy
      - modifiedAt
      - version
      properties:
        createdBy:
          type: string
        createdAt:
          type: string
          format: date-time
        modifiedBy:
          type: string
        modifiedAt:
          type: string
          format: date-time
        version:
          type: integer
          description: 1 at creation, one more after each successful update.
    Pages:
      type: object
      required:
      - page
      - last
      - perPage
      - totalItems
      properties:
        page:
          type: integer
        next:
          type: integer
          description: Present only when there is a next page.
        previous:
          type: integer
          description: Present only after the first page.
        last:
          type: integer
        perPage:
          type: integer
        totalItems:
          type: integer
    Hrefs:
      type: object
      required:
      - first
      - last
      - previous
      - next
      description: Absolute links to pages of the same list.
      properties:
        first:
          type: string
          format: uri
        last:
          type: string
          format: uri
        previous:
          type: string
          description: The empty string on the first page.
          anyOf:
          - format: uri
          - maxLength: 0
        next:
          type: string
          description: The empty string on the last page.
          anyOf:
          - format: uri
          - maxLength: 0
    Cursor:
      type: object
      required:
      - pages
      - hrefs
      properties:
        pages:
          $ref: '#/components/schemas/Pages'
        hrefs:
          $ref: '#/components/schemas/Hrefs'
    Preferences:
      type: object
      properties:
        sessionDuration:
          type: integer
          format: uint32
          description: Seconds.
    GetOrganizationResponse:
      type: object
      required:
      - id
      - name
      - description
      - audit
      - preferences
      properties:
        id:
          type: string
          format: uuid
        name:
          type: string
        subdomain:
          type: string
          maxLength: 30
        description:
          type: string
        preferences:
          $ref: '#/components/schemas/Preferences'
        audit:
          $ref: '#/components/schemas/CouchbaseAuditData'
    GetOrganizationsResponse:
      type: object
      required:
      - data
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/GetOrganizationResponse'
    APIKeyId:
      type: string
    APIKeyName:
      type: string
    APIKeyDescription:
      type: string
      default: ''
    APIKeyExpiry:
      type: number
      format: float
      default: 180
      description: Days the key lives (fractions allowed, up to 3650), or -1 for never.
    APIKeyAllowedCIDRs:
      type: array
      items:
        type: string
      default:
      - 0.0.0.0/0
    APIKeyOrganizationRoles:
      type: string
      enum:
      - organizationOwner
      - organizationMember
      - projectCreator
    APIKeyResourcesItems:
      type: object
      required:
      - id
      - roles
      properties:
        type:
          type: string
          default: project
        id:
          type: string
          format: uuid
        roles:
          type: array
          items:
            type: string
            enum:
            - projectOwner
            - projectManager
            - projectViewer
            - projectDataReaderWriter
            - projectDataReader
    APIKeyResources:
      type: array
      items:
        $ref: '#/components/schemas/APIKeyResourcesItems'
      default: []
    Token:
      type: string
      description: The bearer token (base64 of "<key id>:<secret>").
    CreateAPIKeyRequest:
      type: object
      required:
      - name
      - organizationRoles
      properties:
        name:
          $ref: '#/components/schemas/APIKeyName'
        description:
          $ref: '#/components/schemas/APIKeyDescription'
        expiry:
          $ref: '#/components/schemas/APIKeyExpiry'
        allowedCIDRs:
          $ref: '#/components/schemas/APIKeyAllowedCIDRs'
        organizationRoles:
          type: array
          items:
            $ref: '#/components/schemas/APIKeyOrganizationRoles'
        resources:
          $ref: '#/components/schemas/APIKeyResources'
    CreateAPIKeyResponse:
      type: object
      required:
      - id
      - token
      properties:
        id:
          $ref: '#/components/schemas/APIKeyId'
        token:
          $ref: '#/components/schemas/Token'
    GetAPIKey:
      type: object
      required:
      - id
      - name
      - description
      - expiry
      - allowedCIDRs
      - organizationRoles
      - resources
      - audit
      properties:
        id:
          $ref: '#/components/schemas/APIKeyId'
        name:
          $ref: '#/components/schemas/APIKeyName'
        description:
          $ref: '#/components/schemas/APIKeyDescription'
        expiry:
          $ref: '#/components/schemas/APIKeyExpiry'
        allowedCIDRs:
          $ref: '#/components/schemas/APIKeyAllowedCIDRs'
        organizationRoles:
          type: array
          items:
            $ref: '#/components/schemas/APIKeyOrganizationRoles'
        resources:
          $ref: '#/components/schemas/APIKeyResources'
        audit:
          $ref: '#/components/schemas/CouchbaseAuditData'
    GetAPIKeys:
      type: object
      required:
      - data
      - cursor
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/GetAPIKey'
        cursor:
          $ref: '#/components/schemas/Cursor'
    RotateAPIKeyRequest:
      type: object
      properties:
        secret:
          type: string
          description: 64 printable ASCII characters without spaces or ':', mixing lower and upper case letters, digits and symbols. Generated when left out.
    RotateAPIKeyResponse:
      type: object
      required:
      - secretKey
      - token
      properties:
        secretKey:
          type: string
        token:
          $ref: '#/components/schemas/Token'
    CreateProjectRequest:
      type: object
      required:
      - name
      properties:
        name:
          type: string
          maxLength: 128
        description:
          type: string
          maxLength: 256
    CreateProjectResponse:
      type: object
      required:
      - id
      properties:
        id:
          type: string
          format: uuid
    UpdateProjectRequest:
      type: object
      required:
      - name
      properties:
        name:
          type: string
          maxLength: 128
        description:
          type: string
          maxLength: 256
    GetProjectResponse:
      type: object
      required:
      - id
      - description
      - name
      - audit
      properties:
        id:
          type: string
          format: uuid
        description:
          type: string
        name:
          type: string
        audit:
          $ref: '#/components/schemas/CouchbaseAuditData'
    GetProjectsResponse:
      type: object
      required:
      - data
      - cursor
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/GetProjectResponse'
        cursor:
          $ref: '#/components/schemas/Cursor'
    ConfigurationType:
      type: string
      deprecated: true
      enum:
      - singleNode
      - multiNode
      default: multiNode
    CloudProvider:
      type: object
      required:
      - type
      - region
      properties:
        type:
          type: string
          enum:
          - aws
          - gcp
          - azure
        region:
          type: string
        cidr:
          type: string
          pattern: ^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}$
    CouchbaseServer:
      type: object
      properties:
        version:
          type: string
    Compute:
      type: object
      required:
      - cpu
      - ram
      properties:
        cpu:
          type: integer
        ram:
          type: integer
    DiskAWS:
      type: object
      required:
      - type
      - storage
      - iops
      properties:
        type:
          type: string
          enum:
          - gp3
          - io2
        storage:
          type: integer
          minimum: 50
        iops:
          type: integer
    DiskAzure:
      type: object
      required:
      - type
      properties:
        type:
          type: string
          enum:
          - P6
          - P10
          - P15
          - P20
          - P30
          - P40
          - P50
          - P60
          - Ultra
        storage:
          type: integer
          minimum: 64
          enum:
          - 64
          - 128
          - 256
          - 512
          - 1024
          - 2048
          - 3072
          - 4096
          - 5120
          - 6144
          - 7168
          - 8192
          - 9216
          - 10240
          - 11264
          - 12288
          - 13312
          - 14336
          - 15360
        iops:
          type: integer
        autoExpansion:
          type: boolean
    DiskGCP:
      type: object
      required:
      - type
      - storage
      properties:
        type:
          type: string
          enum:
          - pd-ssd
        storage:
          type: integer
          minimum: 50
    Node:
      type: object
      required:
      - compute
      - disk
      properties:
        compute:
          $ref: '#/components/schemas/Compute'
        disk:
          oneOf:
          - $ref: '#/components/schemas/DiskAWS'
          - $ref: '#/components/schemas/DiskAzure'
          - $ref: '#/components/schemas/DiskGCP'
    Service:
      type: string
      enum:
      - data
      - query
      - index
      - search
      - analytics
      - eventing
    ServiceGroup:
      type: object
      properties:
        node:
          $ref: '#/components/schemas/Node'
        numOfNodes:
          type: integer
        services:
          type: array
          minItems: 1
          uniqueItems: true
          items:
            $ref: '#/components/schemas/Service'
    Availability:
      type: object
      required:
      - type
      properties:
        type:
          type: string
          enum:
          - single
          - multi
    SupportPlan:
      type: string
      enum:
      - basic
      - developer pro
      - enterprise
    SupportTimezone:
      type: string
      enum:
      - ET
      - GMT
      - IST
      - PT
    Support:
      type: object
      required:
      - plan
      properties:
        plan:
          $ref: '#/components/schemas/SupportPlan'
        timezone:
          $ref: '#/components/schemas/SupportTimezone'
    GetClusterSupport:
      type: object
      required:
      - plan
      - timezone
      properties:
        plan:
          $ref: '#/components/schemas/SupportPlan'
        timezone:
          $ref: '#/components/schemas/SupportTimezone'
    CurrentState:
      type: string
      enum:
      - draft
      - deploying
      - scaling
      - upgrading
      - rebalancing
      - peering
      - destroying
      - healthy
      - degraded
      - turnedOff
      - turningOff
      - turningOn
      - deploymentFailed
      - scaleFailed
      - upgradeFailed
      - rebalanceFailed
      - peeringFailed
      - destroyFailed
      - offline
      - turningOffFailed
      - turningOnFailed
    CreateClusterRequest:
      type: object
      required:
      - name
      - cloudProvider
      - serviceGroups
      - availability
      - support
      properties:
        name:
          type: string
          maxLength: 256
        description:
          type: string
          maxLength: 1024
        configurationType:
          $ref: '#/components/schemas/ConfigurationType'
        cloudProvider:
          $ref: '#/components/schemas/CloudProvider'
        couchbaseServer:
          $ref: '#/components/schemas/CouchbaseServer'
        serviceGroups:
          type: array
          minItems: 1
          items:
            $ref: '#/components/schemas/ServiceGroup'
        availability:
          $ref: '#/components/schemas/Availability'
        support:
          $ref: '#/components/schemas/Support'
        zones:
          type: array
          items:
            type: string
        cmekId:
          type: string
          format: uuid
        enablePrivateDNSResolution:
          type: boolean
    CreateClusterResponse:
      type: object
      required:
      - id
      properties:
        id:
          type: string
          format: uuid
    UpdateClusterRequest:
      type: object
      required:
      - name
      - description
      - serviceGroups
      - support
      properties:
        name:
          type: string
          maxLength: 256
        description:
          type: string
          maxLength: 1024
        support:
          $ref: '#/components/schemas/Support'
        serviceGroups:
          type: array
          items:
            $ref: '#/components/schemas/ServiceGroup'
    GetClusterResponse:
      type: object
      required:
      - id
      - name
      - description
      - configurationType
      - connectionString
      - cloudProvider
      - couchbaseServer
      - serviceGroups
      - availability
      - support
      - currentState
      - audit
      properties:
        id:
          type: string
          format: uuid
        appServiceId:
          type: string
          format: uuid
        name:
          type: string
          maxLength: 256
        description:
          type: string
          maxLength: 1024
        configurationType:
          $ref: '#/components/schemas/ConfigurationType'
        connectionString:
          type: string
        cloudProvider:
          $ref: '#/components/schemas/CloudProvider'
        couchbaseServer:
          $ref: '#/components/schemas/CouchbaseServer'
        serviceGroups:
          type: array
          items:
            $ref: '#/components/schemas/ServiceGroup'
        availability:
          $ref: '#/components/schemas/Availability'
        support:
          $ref: '#/components/schemas/GetClusterSupport'
        currentState:
          $ref: '#/components/schemas/CurrentState'
        audit:
          $ref: '#/components/schemas/CouchbaseAuditData'
        cmekId:
          type: string
          description: The key encrypting the cluster; absent when there is none.
        enablePrivateDNSResolution:
          type: boolean
        zones:
          type: array
          description: Returned when the cluster was created with zones.
          items:
            type: string
        deletionProtection:
          type: boolean
          description: Whether DELETE is refused (PUT .../deletionProtection).
    GetClustersResponse:
      type: object
      required:
      - data
      - cursor
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/GetClusterResponse'
        cursor:
          $ref: '#/components/schemas/Cursor'
    CreateClusterOnRequest:
      type: object
      properties:
        turnOnLinkedAppService:
          type: boolean
          default: false
    UpdateDeletionProtectionRequest:
      type: object
      required:
      - deletionProtection
      properties:
        deletionProtection:
          type: boolean
    CloudAccounts:
      type: object
      required:
      - gcp-capella-project
      - aws-capella-account
      - azure-capella-subscription
      properties:
        gcp-capella-project:
          type: string
        aws-capella-account:
          type: string
        azure-capella-subscription:
          type: string
    AWSConfig:
      type: object
      required:
      - arn
      properties:
        arn:
          type: string
          description: arn:aws:kms:<region>:<12-digit account>:key/<key id>
    GCPConfig:
      type: object
      required:
      - resourceName
      properties:
        resourceName:
          type: string
          description: projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>, optionally with /cryptoKeyVersions/<n>
    AzureConfig:
      type: object
      required:
      - keyLocation
      - region
      properties:
        keyLocation:
          type: string
          description: https://<vault>.vault.azure.net/keys/<name>/<version>
        region:
          type: string
    CreateCMEKMetadata:
      type: object
      required:
      - name
      - config
      properties:
        name:
          type: string
          maxLength: 128
        description:
          type: string
          maxLength: 512
        config:
          oneOf:
          - $ref: '#/components/schemas/AWSConfig'
          - $ref: '#/components/schemas/GCPConfig'
          - $ref: '#/components/schemas/AzureConfig'
    CreateCMEKMetadataResponse:
      type: object
      required:
      - id
      properties:
        id:
          type: string
          format: uuid
    RotateCMEKKey:
      type: object
      required:
      - config
      properties:
        config:
          oneOf:
          - $ref: '#/components/schemas/AWSConfig'
          - $ref: '#/components/schemas/GCPConfig'
          - $ref: '#/components/schemas/AzureConfig'
    GetCMEKMetadata:
      type: object
      required:
      - id
      - name
      - description
      - config
      - audit
      properties:
        id:
          type: string
          format: uuid
        name:
          type: string
          maxLength: 128
        description:
          type: string
          maxLength: 512
        config:
          anyOf:
          - $ref: '#/components/schemas/AWSConfig'
          - $ref: '#/components/schemas/GCPConfig'
          - $ref: '#/components/schemas/AzureConfig'
        audit:
          $ref: '#/components/schemas/CouchbaseAuditData'
    GetCMEKMetadataListResponse:
      type: object
      required:
      - data
      - cursor
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/GetCMEKMetadata'
        cursor:
          $ref: '#/components/schemas/Cursor'
    GetCMEKHistoryMetadataResponse:
      type: object
      description: One key resource the key has pointed at. Capella's public schema lists only the AWS and GCP config variants; Azure keys have Azure entries.
      properties:
        config:
          oneOf:
          - $ref: '#/components/schemas/AWSConfig'
          - $ref: '#/components/schemas/GCPConfig'
          - $ref: '#/components/schemas/AzureConfig'
        active:
          type: boolean
          description: Whether this is the key resource in use now.
        key:
          type: string
          description: The key resource (ARN, resource name or key URL).
        associatedAt:
          type: string
          format: date-time
        associatedBy:
          type: string
    GetCMEKHistoryMetadataListResponse:
      type: object
      required:
      - data
      - cursor
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/GetCMEKHistoryMetadataResponse'
        cursor:
          $ref: '#/components/schemas/Cursor'
    EnableCMEKRequest:
      type: object
      required:
      - cloudProvider
      properties:
        cloudProvider:
          type: string
          enum:
          - aws
          - gcp
          - azure
    GetAzureCMEKApplicationResponse:
      type: object
      required:
      - id
      properties:
        id:
          type: string
    MockHealth:
      type: object
      required:
      - status
      - version
      properties:
        status:
          type: string
          enum:
          - ok
        version:
          type: string
    MockClock:
      type: object
      required:
      - now
      - timeScale
      properties:
        now:
          type: string
          format: date-time
        timeScale:
          type: number
          description: Simulated seconds per real second; 0 when the clock moves only by /_mock/clock/advance.
    MockAdvanceClockRequest:
      type: object
      required:
      - seconds
      properties:
        seconds:
          type: number
          minimum: 0
          maximum: 3153600000
          description: Simulated seconds to move forward (at most 100 years).
    MockAdvanceClockResponse:
      type: object
      required:
      - now
      properties:
        now:
          type: string
          format: date-time
    MockCreated:
      type: object
      required:
      - id
      properties:
        id:
          type: string
          format: uuid
    MockDurations:
      type: object
      required:
      - deploy
      - cmekRedeploy
      - scale
      - destroy
      - turnOff
      - turnOn
      properties:
        deploy:
          type: number
        cmekRedeploy:
          type: number
        scale:
          type: number
        destroy:
          type: number
        turnOff:
          type: number
        turnOn:
          type: number
    MockDuration:
      type: number
      nullable: true
      minimum: 0
      maximum: 3153600000
      description: Seconds of simulated time (at most 100 years); null or absent keeps the current value.
    MockDurationsUpdate:
      type: object
      additionalProperties: false
      properties:
        deploy:
          $ref: '#/components/schemas/MockDuration'
        cmekRedeploy:
          $ref: '#/components/schemas/MockDuration'
        scale:
          $ref: '#/components/schemas/MockDuration'
        destroy:
          $ref: '#/components/schemas/MockDuration'
        turnOff:
          $ref: '#/components/schemas/MockDuration'
        turnOn:
          $ref: '#/components/schemas/MockDuration'
    MockKMSAccess:
      type: object
      required:
      - key
      - accessible
      properties:
        key:
          type: string
          minLength: 1
          description: The key resource (ARN, GCP resource name or Azure key URL).
        accessible:
          type: boolean
    MockKMSList:
      type: object
      required:
      - data
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/MockKMSAccess'
    MockRepairResponse:
      type: object
      required:
      - id
      - currentState
      properties:
        id:
          type: string
          format: uuid
        currentState:
          $ref: '#/components/schemas/CurrentState'
    MockRequestFaultRule:
      type: object
      description: |
        Needs at least one of `status`, `close: true` or `delayMs`; `status` and `close` exclude
        each other; `code`, `message`, `hint` and `retryAfter` go with `status`. Null counts as absent.
      required:
      - path
      additionalProperties: false
      properties:
        path:
          type: string
          pattern: ^/
          description: A path, a route template or a glob ({name} or * for one segment, * inside a segment, ** for any number of segments).
        method:
          type: string
          nullable: true
          pattern: ^[A-Za-z]+$
        status:
          type: integer
          nullable: true
          minimum: 400
          maximum: 599
        code:
          type: integer
          nullable: true
        message:
          type: string
          nullable: true
        hint:
          type: string
          nullable: true
        retryAfter:
          type: integer
          nullable: true
          minimum: 0
        delayMs:
          type: integer
          nullable: true
          minimum: 0
          maximum: 600000
        close:
          type: boolean
          nullable: true
        times:
          type: integer
          nullable: true
          minimum: 1
    MockTransitionFaultRule:
      type: object
      required:
      - cluster
      - outcome
      additionalProperties: false
      properties:
        cluster:
          type: string
          description: A cluster id, or "*" for the next cluster that runs such a transition.
          pattern: ^(\*|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$
        outcome:
          type: string
          enum:
          - deploymentFailed
          - scaleFailed
          - destroyFailed
          - rebalanceFailed
          - turningOffFailed
          - turningOnFailed
    MockFaultRequest:
      oneOf:
      - $ref: '#/components/schemas/MockRequestFaultRule'
      - $ref: '#/components/schemas/MockTransitionFaultRule'
    MockFaultView:
      type: object
      description: A request rule (path, and what it does) or a planted transition failure (cluster, outcome).
      required:
      - id
      properties:
        id:
          type: string
          format: uuid
        method:
          type: string
        path:
          type: string
        status:
          type: integer
        code:
          type: integer
        message:
          type: string
        hint:
          type: string
        retryAfter:
          type: integer
        close:
          type: boolean
        delayMs:
          type: integer
        times:
          type: integer
          description: Matching calls left.
        cluster:
          type: string
        outcome:
          type: string
    MockFaultList:
      type: object
      required:
      - data
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/MockFaultView'
    MockJournalEntry:
      type: object
      required:
      - sequence
      - time
      - method
      - path
      - query
      - operation
      - status
      - requestId
      - requestBody
      - responseBody
      properties:
        sequence:
          type: integer
        time:
          type: string
          format: date-time
          description: Simulated time of the request.
        method:
          type: string
        path:
          type: string
        query:
          type: string
        operation:
          type: string
          nullable: true
          description: The operation id, or null when no route matched.
        status:
          type: integer
          description: The status answered (0 when the connection was closed by a fault rule).
        requestId:
          type: string
        requestBody:
          nullable: true
          description: JSON when the body was complete JSON, text otherwise, null when empty (cut at 16 KiB).
        responseBody:
          nullable: true
          description: As requestBody.
        aborted:
          type: boolean
        requestBodyTruncated:
          type: boolean
        responseBodyTruncated:
          type: boolean
    MockJournal:
      type: object
      required:
      - data
      - total
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/MockJournalEntry'
        total:
          type: integer
    MockSnapshot:
      type: object
      description: |
        The whole state, format version 1, as GET /_mock/state writes it. Every row is checked
        as the API would check it; the server's validation, not this schema, is the authority.
      required:
      - version
      - clock
      - durations
      - organizations
      - apiKeys
      - projects
      - clusters
      - cmekKeys
      - kms
      - transitionFaults
      properties:
        version:
          type: integer
          enum:
          - 1
        clock:
          type: object
          required:
          - now
          properties:
            now:
              type: string
              format: date-time
        durations:
          $ref: '#/components/schemas/MockDurations'
        organizations:
          type: array
          items:
            type: object
            required:
            - id
            - name
            - description
            - preferences
            - audit
            - cloudAccounts
            - cmekProviders
            properties:
              id:
                type: string
                format: uuid
              cmekProviders:
                type: array
                items:
                  type: string
        apiKeys:
          type: array
          items:
            type: object
            required:
            - id
            - organizationId
            - name
            - description
            - token
            - expiry
            - allowedCIDRs
            - organizationRoles
            - resources
            - audit
        projects:
          type: array
          items:
            type: object
            required:
            - id
            - organizationId
            - name
            - description
            - audit
        clusters:
          type: array
          items:
            type: object
            required:
            - id
            - organizationId
            - projectId
            - name
            - description
            - configurationType
            - cloudProvider
            - couchbaseServer
            - serviceGroups
            - availability
            - support
            - enablePrivateDNSResolution
            - connectionString
            - deletionProtection
            - state
            - audit
        cmekKeys:
          type: array
          items:
            type: object
            required:
            - id
            - organizationId
            - name
            - description
            - config
            - history
            - audit
        kms:
          type: object
          required:
          - inaccessible
          properties:
            inaccessible:
              type: array
              items:
                type: string
        transitionFaults:
          type: array
          items:
            type: object
            required:
            - id
            - clusterId
            - outcome

"""#
}
