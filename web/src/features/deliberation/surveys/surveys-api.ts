// Surveys (调研问卷, server/src/modules/deliberation/surveys/surveys.schema.ts is the source of truth):
// the resident's open surveys and answering, and the staff console's list, builder, results, paper
// answers and exports.
import type {
  ZCreateSurvey,
  ZMySurveys,
  ZPaperAnswers,
  ZQuestion,
  ZRespondentChoices,
  ZSubmitAnswers,
  ZSubmitted,
  ZSurvey,
  ZSurveyForm,
  ZSurveyList,
  ZSurveyResults,
  ZSurveysQuery,
  ZTextAnswers,
  ZUpdateSurvey,
} from "@contract/deliberation/surveys/surveys.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Query, Reply } from "../../../shared/api/contract";

export type Question = Body<typeof ZQuestion>;
export type QuestionKind = Question["kind"];
export type Answer = Body<typeof ZSubmitAnswers>["answers"][number];
export type MySurveys = Reply<typeof ZMySurveys>;
export type SurveyForm = Reply<typeof ZSurveyForm>;
export type Survey = Reply<typeof ZSurvey>;
export type SurveyListItem = Reply<typeof ZSurveyList>["items"][number];
export type SurveyState = SurveyListItem["state"];
export type Results = Reply<typeof ZSurveyResults>;
export type TextAnswers = Reply<typeof ZTextAnswers>;
export type RespondentChoice = Reply<typeof ZRespondentChoices>["items"][number];
export type SurveyInput = Body<typeof ZCreateSurvey>;

export const QUESTION_KINDS: QuestionKind[] = ["single", "multiple", "rating", "number", "text"];
export const TEXT_MAX = 1000;

const base = (communityId: number) => `/communities/${communityId}/surveys`;

export const useMySurveys = () =>
  useQuery({ queryKey: ["my-surveys"], queryFn: () => api.get<MySurveys>("/me/surveys"), staleTime: 0 });

export const useSurveyForm = (communityId: number, surveyId: number) =>
  useQuery({
    queryKey: ["survey-form", communityId, surveyId],
    queryFn: () => api.get<SurveyForm>(`${base(communityId)}/${surveyId}/form`),
    staleTime: 0,
  });

export const answerSurvey = (communityId: number, surveyId: number, answers: Answer[]) =>
  api.post<Reply<typeof ZSubmitted>>(`${base(communityId)}/${surveyId}/responses`, {
    answers,
  } satisfies Body<typeof ZSubmitAnswers>);

export const useSurveys = (communityId: number, f: Query<typeof ZSurveysQuery>) =>
  useQuery({
    queryKey: ["surveys", communityId, f],
    queryFn: () => api.get<Reply<typeof ZSurveyList>>(base(communityId), f),
  });

export const useSurvey = (communityId: number, surveyId: number) =>
  useQuery({
    queryKey: ["survey", communityId, surveyId],
    queryFn: () => api.get<Survey>(`${base(communityId)}/${surveyId}`),
  });

export const useResults = (communityId: number, surveyId: number) =>
  useQuery({
    queryKey: ["survey-results", communityId, surveyId],
    queryFn: () => api.get<Results>(`${base(communityId)}/${surveyId}/results`),
    staleTime: 0,
  });

export const useTextAnswers = (communityId: number, surveyId: number, question: number, after?: number) =>
  useQuery({
    queryKey: ["survey-texts", communityId, surveyId, question, after],
    queryFn: () =>
      api.get<TextAnswers>(`${base(communityId)}/${surveyId}/text-answers`, { question, after, limit: 20 }),
  });

export const useRespondentChoices = (communityId: number, surveyId: number, q: string, enabled: boolean) =>
  useQuery({
    queryKey: ["survey-respondents", communityId, surveyId, q],
    queryFn: () =>
      api.get<Reply<typeof ZRespondentChoices>>(`${base(communityId)}/${surveyId}/respondent-choices`, {
        q: q || undefined,
      }),
    enabled,
  });

export const createSurvey = (communityId: number, v: SurveyInput) => api.post<Survey>(base(communityId), v);
export const updateSurvey = (communityId: number, id: number, v: Body<typeof ZUpdateSurvey>) =>
  api.patch<Survey>(`${base(communityId)}/${id}`, v);
export const enterPaper = (communityId: number, id: number, v: Body<typeof ZPaperAnswers>) =>
  api.post<Reply<typeof ZSubmitted>>(`${base(communityId)}/${id}/paper-responses`, v);

export const surveysPath = base;
