/** The demo RP's settings; `npm start` passes them in development. */
export const demoConfig = {
  issuer: process.env.ISSUER ?? 'http://localhost:3000',
  clientId: process.env.DEMO_CLIENT_ID ?? '',
  port: Number(process.env.DEMO_RP_PORT ?? 3002),
};
