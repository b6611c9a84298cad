/**
 * TEMPORARY hand-written stand-in for the file openapi-typescript generates from
 * ../../openapi.json (`npm run openapi:types -w @wavu/web`). It follows openapi-typescript's
 * output shape and the API contract of issue 2; it is replaced by the generated file as soon
 * as the API writes openapi.json. Do not edit by hand after that.
 */

export interface paths {
  "/api/v1/auth/login": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: operations["AuthController_login"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/refresh": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: operations["AuthController_refresh"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/logout": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: operations["AuthController_logout"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/me": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: operations["AuthController_me"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/change-password": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: operations["AuthController_changePassword"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/providers/signup": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: operations["ProvidersController_signup"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/provider": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: operations["ProviderController_get"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations["ProviderController_update"];
    trace?: never;
  };
  "/api/v1/admin/providers": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: operations["AdminProvidersController_list"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/admin/providers/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: operations["AdminProvidersController_get"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/admin/providers/{id}/approve": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: operations["AdminProvidersController_approve"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/admin/providers/{id}/reject": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: operations["AdminProvidersController_reject"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/admin/providers/{id}/suspend": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: operations["AdminProvidersController_suspend"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/admin/providers/{id}/reactivate": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put?: never;
    post: operations["AdminProvidersController_reactivate"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ErrorDetailDto: {
      field: string;
      messages: string[];
    };
    ErrorResponseDto: {
      statusCode: number;
      code: string;
      message: string;
      details?: components["schemas"]["ErrorDetailDto"][];
      requestId: string;
    };
    LoginDto: {
      email: string;
      password: string;
    };
    MeProviderDto: {
      id: string;
      businessName: string;
      /** @enum {string} */
      status: "pending" | "active" | "suspended" | "rejected";
    };
    MeDto: {
      id: string;
      email: string;
      name: string;
      /** @enum {string} */
      role: "super_admin" | "provider_owner" | "provider_staff";
      provider: components["schemas"]["MeProviderDto"] | null;
    };
    TokenPairDto: {
      accessToken: string;
      refreshToken: string;
      expiresIn: number;
      user: components["schemas"]["MeDto"];
    };
    RefreshDto: {
      refreshToken: string;
    };
    LogoutDto: {
      refreshToken: string;
    };
    ChangePasswordDto: {
      currentPassword: string;
      newPassword: string;
    };
    SignupDto: {
      businessName: string;
      contactName: string;
      contactEmail: string;
      phone: string;
      password: string;
      /** @enum {string} */
      type: "homeowner" | "personal" | "isp" | "enterprise";
    };
    ProviderDto: {
      id: string;
      businessName: string;
      contactName: string;
      contactEmail: string;
      phone: string;
      /** @enum {string} */
      type: "homeowner" | "personal" | "isp" | "enterprise";
      /** @enum {string} */
      status: "pending" | "active" | "suspended" | "rejected";
      location: string | null;
      statusReason: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      approvedAt: string | null;
    };
    SignupResponseDto: {
      provider: components["schemas"]["ProviderDto"];
      message: string;
    };
    UpdateProviderDto: {
      businessName?: string;
      contactName?: string;
      contactEmail?: string;
      phone?: string;
      location?: string;
    };
    ProviderPageDto: {
      items: components["schemas"]["ProviderDto"][];
      nextCursor: string | null;
    };
    ReasonDto: {
      reason: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;

type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type IdParams = { query?: never; header?: never; path: { id: string }; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type ErrorJson = Json<components["schemas"]["ErrorResponseDto"]>;

export interface operations {
  AuthController_login: {
    parameters: NoParams;
    requestBody: { content: { "application/json": components["schemas"]["LoginDto"] } };
    responses: { 200: Json<components["schemas"]["TokenPairDto"]>; 401: ErrorJson; 429: ErrorJson };
  };
  AuthController_refresh: {
    parameters: NoParams;
    requestBody: { content: { "application/json": components["schemas"]["RefreshDto"] } };
    responses: { 200: Json<components["schemas"]["TokenPairDto"]>; 401: ErrorJson };
  };
  AuthController_logout: {
    parameters: NoParams;
    requestBody: { content: { "application/json": components["schemas"]["LogoutDto"] } };
    responses: { 204: { headers: { [name: string]: unknown }; content?: never } };
  };
  AuthController_me: {
    parameters: NoParams;
    requestBody?: never;
    responses: { 200: Json<components["schemas"]["MeDto"]>; 401: ErrorJson };
  };
  AuthController_changePassword: {
    parameters: NoParams;
    requestBody: { content: { "application/json": components["schemas"]["ChangePasswordDto"] } };
    responses: { 200: Json<components["schemas"]["TokenPairDto"]>; 400: ErrorJson; 401: ErrorJson };
  };
  ProvidersController_signup: {
    parameters: NoParams;
    requestBody: { content: { "application/json": components["schemas"]["SignupDto"] } };
    responses: { 201: Json<components["schemas"]["SignupResponseDto"]>; 400: ErrorJson; 409: ErrorJson };
  };
  ProviderController_get: {
    parameters: NoParams;
    requestBody?: never;
    responses: { 200: Json<components["schemas"]["ProviderDto"]>; 401: ErrorJson };
  };
  ProviderController_update: {
    parameters: NoParams;
    requestBody: { content: { "application/json": components["schemas"]["UpdateProviderDto"] } };
    responses: { 200: Json<components["schemas"]["ProviderDto"]>; 400: ErrorJson };
  };
  AdminProvidersController_list: {
    parameters: {
      query?: {
        status?: "pending" | "active" | "suspended" | "rejected";
        search?: string;
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: { 200: Json<components["schemas"]["ProviderPageDto"]>; 400: ErrorJson };
  };
  AdminProvidersController_get: {
    parameters: IdParams;
    requestBody?: never;
    responses: { 200: Json<components["schemas"]["ProviderDto"]>; 404: ErrorJson };
  };
  AdminProvidersController_approve: {
    parameters: IdParams;
    requestBody?: never;
    responses: { 200: Json<components["schemas"]["ProviderDto"]>; 409: ErrorJson };
  };
  AdminProvidersController_reject: {
    parameters: IdParams;
    requestBody: { content: { "application/json": components["schemas"]["ReasonDto"] } };
    responses: { 200: Json<components["schemas"]["ProviderDto"]>; 409: ErrorJson };
  };
  AdminProvidersController_suspend: {
    parameters: IdParams;
    requestBody: { content: { "application/json": components["schemas"]["ReasonDto"] } };
    responses: { 200: Json<components["schemas"]["ProviderDto"]>; 409: ErrorJson };
  };
  AdminProvidersController_reactivate: {
    parameters: IdParams;
    requestBody?: never;
    responses: { 200: Json<components["schemas"]["ProviderDto"]>; 409: ErrorJson };
  };
}
