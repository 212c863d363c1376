import { registerGithubConformanceHooks } from '@netseal/github-api-fake';

// Every answer of the GitHub stand-in is held to GitHub's published description.
registerGithubConformanceHooks();
