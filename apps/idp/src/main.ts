import 'reflect-metadata';
import { AppModule } from './app.module.js';
import { startIdp } from './server.js';

await startIdp(AppModule);
