// Stand-ins for the county login services (使用縣市帳號登入): tests start them, and so can `npm start`.
export { CountyOidcStandIn, type CountyPerson } from './county-oidc.js';
export { CountyOAuth2StandIn, type OAuth2Person } from './county-oauth2.js';
