import Foundation

/// Every user-visible text has a key here and an entry in each catalogue (`Catalogue.nb`, `Catalogue.en`);
/// a test fails when one is missing. Keys are grouped by the page or concern that uses them.
public enum L10nKey: String, CaseIterable, Sendable, Codable {
    // Layout and navigation
    case appName, appTagline, skipToContent, navHome, navTeams, navPeople, navProfile, navSignOut
    case languageSwitchLabel, languageSwitchSubmit, signedInAs, mainNavigation
    // Common actions and words
    case save, cancel, create, edit, back, yes, no, never, actions, status, active, deactivated
    case name, email, password, passwordConfirmation, role, locale, localeFromBrowser, teams
    case roleAdmin, roleLeader, roleSeller
    // Setup
    case setupTitle, setupIntro, setupOrganisationSection, setupAdminSection, organisationName
    case defaultLanguage, baseCurrency, timeZone, setupSubmit, setupDone
    // Sign-in
    case signInTitle, signInIntro, signInSubmit, signInFailed, signInThrottled, signedOut
    case signInDeactivated
    // Home
    case homeTitle, homeWelcome, homeYourRole, homeTeamsYouLead, homeTeamsYouBelongTo, homeNoTeams
    case homeAdminHint
    // Profile
    case profileTitle, profileSettings, settingsSaved, changePasswordTitle, currentPassword, newPassword
    case changePasswordSubmit, passwordChanged, wrongCurrentPassword
    case apiTokensTitle, apiTokensIntro, tokenName, tokenCreate, tokenCreatedOnce, tokenRevoke, tokenRevoked
    case noTokens, tokenCreatedAt, tokenLastUsed, tokenDefaultName
    // Teams (admin)
    case teamsTitle, teamsIntro, newTeam, editTeam, teamName, teamLeaders, teamMembers, noTeams
    case teamCreated, teamSaved, membersCount, leadersCount
    // People (admin)
    case peopleTitle, peopleIntro, newPerson, editPerson, memberOfTeams, leadsTeams, initialPassword
    case initialPasswordHint, personCreated, personSaved, deactivate, reactivate, personDeactivated
    case personReactivated, cannotDeactivateSelf, cannotDemoteSelf, showDeactivated, noPeople, deactivatedNote
    // Validation and errors
    case errorSummaryTitle, errorRequired, errorTooLong, errorEmail, errorPasswordShort, errorPasswordMismatch
    case errorCurrency, errorChoice, errorEmailTaken, errorTeamNameTaken, errorUnknownTeam, errorTimeZone
    case errorConflict, errorCSRF, errorNotFoundTitle, errorNotFound, errorForbiddenTitle, errorForbidden
    case errorUnauthenticated, errorServerTitle, errorServer, errorBadRequest, errorBadJSON, errorBadCursor
    case errorBadLimit, errorAlreadySetUp, errorThrottled, errorTooLarge, errorMethod, backToHome
    case errorUnknownEmails
    // Lists and pickers that must work for thousands of people
    case nextPage, firstPage, pagination, addLeaders, addMembers, addByEmailHint
    // Stuck deals: the reason for each flag, in words
    case stuckOverTypicalStay, stuckOverExpectedStay, stuckCloseDatePassed, stuckCloseDatePushed
    // Import problems: the reason for one value in one row and column
    case importMissingValue, importBadAmount, importBadDate, importBadCurrency, importBadStatus, importBadFlag
    // Sales process rules
    case stageProbabilityRange, stageNeedsWonAndLost, stageNeedsOpen
    // Pipeline: deals, board, forecast, exchange rates, sales process, imports
    case navDeals, navBoard, navImport, navSalesProcess, dealsTitle, newDeal, editDeal, dealTitle, customer
    case customerHint, industry, owner, team, stage, pipeline, amount, amountHint, currency, expectedClose
    case nextStep, daysInStage, stuckColumn, stuckBadge, statusOpen, statusWon, statusLost, statusOnHold
    case putOnHold, importedFrom, noDeals, dealsCount, exportCSV, dealCreated, dealSaved, dealMoved, dealClosed
    case dealSnoozed, dealWoken, filterText, filterAny, filterMinAmount, filterMaxAmount, filterStuckOnly
    case filterApply, filterReset, sortBy, sortInStage, sortAmount, sortCloseDate, sortUpdated, changeStage
    case moveDeal, closeDeal, closeOutcome, closeReason, closeReasonHint, reopenDeal, stageTimeline, timelineFrom
    case timelineDays, originManual, originImported, stuckHeading, snoozeFlag, snoozeUntil, snoozeUntilHint
    case snoozeReason, snoozeReasonHint, snoozedHeading, snoozedUntilText, wakeSnooze, snoozedTitle, snoozedIntro
    case noSnoozed, snoozedBy, errorSnoozeDate, errorDate, errorAmount, errorReasonRequired, boardTitle
    case boardNoTeam, boardOwnCardsOnly, show, columnCount, columnWeighted, columnMore, cardDays, forecastTitle
    case quarterName, forecastOpen, forecastWeighted, forecastWon, forecastLost, plusUnconverted, ratesNone
    case ratesUsed, rateEntry, exchangeRatesTitle, exchangeRatesIntro, rate, rateSetOn, rateSaved, rateRemoved
    case removeRate, errorRate, errorBaseCurrencyRate, noRates, salesProcessTitle, salesProcessIntro
    case newPipeline, pipelineNameNB, pipelineNameEN, pipelineCreated, pipelineSaved, stageNameNB, stageNameEN
    case probability, expectedDays, expectedDaysHint, stageKind, stageKindOpen, stageKindWon, stageKindLost
    case position, addStage, editStage, stageSaved, stageAdded, stageRetired, stageRestored, stageDeleted
    case retireStage, restoreStage, deleteStage, retired, stageInUse, stageHasOpenDeals, errorDays, importTitle
    case importIntro, importSource, importFile, importFileHint, importTeam, importUpload, importPreviewTitle
    case importMapping, importColumnNone, importStages, importOwners, importCreateStage, importOwnerDefault
    case importDryRun, importConfirm, importReport, importCounts, importProblemsTitle, importRow, importColumn
    case importValue, importProblem, importDone, importExpired, importNoFile, importUnknownStage, importUnknownOwner
    case importMissingColumn, importDuplicateID, importBadEncoding, importMissingFile, importNoRows, importTooLong
    case importNoTeam
    case moveEarlier, moveLater
    case editCustomer, sizeBand, segment, customerSaved, customerHintShared
    case columnExternalID, columnCreated, columnSource, columnIsClosed, columnIsWon
    // The case workbench
    case caseQuestionCustomer, caseQuestionReduceProblem, caseQuestionPushOn, caseQuestionDoDifferently
    case influenceEconomicBuyer, influenceUser, influenceTechnical, influenceCoach, stanceChampion, stanceSupportive
    case stanceNeutral, stanceSceptical, stanceOpposed, stanceUnknown, evidenceWorked, evidenceDidNotWork
    case evidenceUnclear, planOutcomeWorked, planOutcomePartly, planOutcomeDidNotWork, promptCustomersCFO
    case promptMoreTime, promptMoreMoney, promptNoRisk, promptCompetitorsView, promptSubstitute, promptCombine
    case promptAdapt, promptModify, promptOtherUse, promptEliminate, promptRearrange, promptReverse
    case auditObstacleAdded, auditObstacleEdited, auditObstacleResolved, auditObstacleReopened, auditAnswerSaved,
        auditInfluenceAdded
    case auditInfluenceEdited, auditInfluenceRemoved, auditEvidenceAdded, auditEvidenceEdited, auditEvidenceRemoved
    case auditPlanCreated, auditPlanEdited, auditPlanChosen, auditPlanOutcome
    case planNotChosen
    case caseTitle, caseIntro, caseOpen, obstaclesHeading, obstacleCategory, obstacleDetail, obstacleAdd
    case obstacleResolvedText, obstacleResolve, obstacleResolution, obstacleReopen, noObstacles, questionsHeading
    case answerSave, answeredBy, answerRevisions, conflictSavedMeanwhile, conflictKeepTyped, influencesHeading
    case influenceName, influenceTitle, influenceRole, influenceStance, influenceNote, influenceAdd, influenceRemove
    case noInfluences, evidenceHeading, evidenceTried, evidenceResult, evidenceNote, evidenceTriedOn, evidenceAdd
    case evidenceRemove, noEvidence, plansHeading, planNew, plansCompare, plansCompareTitle, noPlans, planHeading
    case planTitle, planApproach, planSteps, planConsequences, planRisks, planPositioning, planResources
    case planExpectedEffect, planTactics, planChoose, planNextStep, planOwner, planDue, planChosenText
    case planConsidered, planOutcomeLabel, planOutcomeNote, planRecordOutcome, planOutcomeText, planEdit
    case planEditTitle, planSaved, planChosenNotice, caseSaved, promptsHeading, promptsOpening, promptsScamper
    case auditHeading, noAudit, auditLine, planDealResult
    case navTactics, navObstacles, tacticsTitle, tacticsIntro, tacticsAssociation, tacticName, tacticSummary
    case tacticCategories, tacticAdd, tacticEdit, tacticRetired, tacticSaved, noTactics, evidenceAgainst
    case evidenceWith, evidenceWithout, evidenceTooFew, obstacleTaxonomyTitle, obstacleTaxonomyIntro, categoryNameNB
    case categoryNameEN, categoryRetire, categoryAdd, categorySaved
    case evidenceAsOf
    case conflictPlanSavedMeanwhile
    case blockerQuestionPracticality, blockerQuestionLegacy
    case blockerQuestionPersonal, blockerQuestionExportability
    case sessionStateRequested, sessionStateReady, sessionStateAgreed, sessionStateClosed, sessionStateWithdrawn,
        verdictYes
    case verdictPartly, verdictNo, sessionWrongState, sessionNeedsSuggestions, outcomeWon, outcomeLost
    case outcomeMovedOn, outcomeStillStuck, outcomeOpen, briefStuck, briefObstacles, briefAnswers
    case briefTried, notifyRequested, notifySuggestion, notifyReady, notifyMessage, notifyAgreed
    case notifyVerdict, notifyFollowUpDue, navSparring, navFollowUps, navNotifications, notificationsUnread
    case sparringTitle, sparringIntro, sparringQueueHeading, sparringQueueHint, sparringMineHeading, sparringNoQueue
    case sparringNoSessions, sparringValueAtRisk, sparringWaiting, sparringWaitingDays, sparringAskedBy, sparringRequest
    case sparringRequestTitle, sparringRequestIntro, sparringQuestion, sparringContext, sparringRequestSubmit,
        sparringRequested
    case sparringOpenSession, sessionTitle, sessionAskedBy, sessionCoach, suggestionsHeading, suggestionsNone
    case suggestionTitle, suggestionDetail, suggestionAdd, suggestionAdded, suggestionMakePlan, suggestionIsPlan
    case planMade, edited, sessionMarkReady, sessionReadyHint, sessionReadyNotice, threadHeading
    case threadNone, messageText, messageSend, messageReply, messageInReplyTo, messageSent
    case messageSave, agreeHeading, agreePlan, agreeFollowUp, agreeSubmit, agreeNoPlans
    case agreedNotice, agreementText, verdictHeading, verdictNote, verdictSubmit, verdictGiven
    case verdictText, sessionDealResult, sessionWithdraw, sessionWithdrawn, sessionOnDeal, followUpsTitle
    case followUpsIntro, followUpOverdue, followUpDue, followUpUpcoming, followUpDone, followUpsNone
    case followUpMarkDone, followUpReopen, followUpOwner, calendarHeading, calendarIntro, calendarCreate
    case calendarReplace, calendarRevoke, calendarCreatedOnce, calendarActiveSince, calendarRevoked, calendarName
    case calendarEventSummary, notificationsTitle, notificationsNone, notificationsMarkRead, coachingTitle,
        coachingIntro
    case coachingSolution, coachingOutcomes, coachingNone, coachingLink, coachingDeal, coachingAsked
    case coachingVerdict, coachingSince, coachingPending, blockersTitle, blockersIntro, blockersMonth
    case blockersNone, blockersLink, biasPracticality, biasLegacy, biasPersonal, biasExportability
    case homeStuckHeading, homeNoStuck, homeSessionsHeading, homeFollowUpsHeading, homeQueueHeading,
        homeTeamStuckHeading
    case homeNotificationsHeading, homeAllStuck, homeNoFollowUps
    case storyVisibilityTeam, storyVisibilityOrganisation, storyOutcomeWon, storyOutcomeLost, storyOutcomeUnstuck,
        sizeBandSmall
    case sizeBandMedium, sizeBandLarge, sizeBandEnterprise, storyDraftResolved, storyDraftPlan, storyDraftChosen
    case storyDraftPlanOutcome, storyDraftWon, storyDraftLost, storyDraftUnstuck, storyNotEligible,
        storyCustomerPlaceholder
    case navLibrary, libraryTitle, libraryIntro, librarySearchLabel, librarySearchPlaceholder, libraryCategory
    case libraryIndustry, libraryOutcome, libraryTeam, libraryAny, librarySearch, libraryFeatured
    case libraryNewest, libraryResults, libraryNoMatches, libraryEmpty, libraryDealMatches, libraryDealMatchesHint
    case previousPage, pageNumber, storyFeatured, storySituation, storyObstacles, storyOptions
    case storyActions, storyResult, storySize, storyCustomer, storyAmount, storyVisibility
    case storyPublished, storyEdit, storyFeature, storyUnfeature, storyVersions, storyVersionLine
    case storyPublishTitle, storyEditTitle, storyPublishIntro, storySavedMeanwhile, storyTitle, storyShowLegend
    case storyShowCustomer, storyShowAmount, storyHiddenHint, storyPublish, storyPublished2, storySaved
    case storyFeaturedNotice, storyUnfeaturedNotice, dealStoriesHeading, dealPublishStory
    case errorInvalidID, errorBadPage
    case similarHeading, similarNone, similarSharedObstacles, similarWords, similarIndustry, similarSize
    case similarWhatBeat, similarNoObstacles, similarNoTactics, similarTooFewDeals, similarEvidence
    case bulletinUseful, bulletinNotRelevant
    case bulletinDealNotOpen
    case navBulletins, bulletinsTitle, bulletinsIntro, bulletinsNone, bulletinNew, bulletinEditTitle
    case bulletinByline, bulletinWhy, bulletinWhyHint, bulletinSource, bulletinText, bulletinTitleField
    case bulletinTeams, bulletinSend, bulletinAffects, bulletinOtherDeals, bulletinTally, bulletinSuggestedHeading
    case bulletinSuggestedHint, bulletinNoSuggestions, bulletinSuggestedLegend, bulletinLinkDeals, bulletinUnlink,
        bulletinCaseMatches
    case bulletinSavedMeanwhile, bulletinPublished, bulletinSaved, bulletinMarked, bulletinDealsLinked,
        dealBulletinsHeading
    case auditCommentAdded, auditGuestInvited, auditGuestRemoved, notifyGuestInvited
    case guestUnknownEmail, guestIsYou
    case commentsHeading, noComments, commentAdd, commentSaved, guestsHeading, guestsIntro
    case guestLine, guestRemove, guestEmail, guestInvite, guestInvited, guestRemoved
    case guestYouAreGuest
    case storyDraftSituation
    case errorQueryTooLong
    case behaviourSelling, behaviourCoaching, behaviourAllocation, behaviourInnovation, pulseKnowsEnough,
        pulseKnowsTheProcess
    case pulseHelpsWhenStuck, pulseCoachesOnRealCases, pulseResourcesWhereTheyMatter, pulseBringsNewWays,
        pulseSharesWhatWorks
    case selfKnowsEnough, selfKnowsTheProcess, selfHelpsWhenStuck, selfCoachesOnRealCases, selfResourcesWhereTheyMatter,
        selfInvestigates
    case selfCreatesOptions, selfSharesWhatWorks, reflectGoodLeader, reflectHelpSucceed, reflectDoWhatTheBestDo,
        reflectBringInnovation
    case resourcePresales, resourceSpecialist, resourceLeaderTime, resourceBudget, periodWeek, periodMonth
    case errorWholeNumber, requestPending, requestGranted, requestDeclined
    case pulseNotTheLeader, pulseAlreadyOpen, pulseClosed, pulseAlreadyAnswered
    case chartNumbers, chartInterval
    case ratingDisagree, ratingAgree, behaviour, leadershipTitle, leadershipIntro, leadershipBeside
    case leadershipNothingYet, leadershipYou, leadershipTeam, leadershipTeamNone, leadershipPulseTrend,
        leadershipPulseTrendSummary
    case leadershipSelfTrend, leadershipSelfTrendSummary, leadershipHistory, leadershipAssessment,
        leadershipAssessmentHint, leadershipSavedMeanwhile
    case leadershipReflections, leadershipSave, leadershipSaved, pulseTitle, pulseIntro, pulseNone
    case pulseRound, pulseStatus, pulseRoundName, pulseYouAnswered, pulseAnswerNow, pulseOpenTitle
    case pulseOpenHint, pulseLeader, pulseOpen, pulseOpened, pulseClosedOn, pulseOpenSince
    case pulseAnonymity, pulseClose, pulseClosedNotice, pulseThanks, pulseAnswerTitle, pulseComment
    case pulseCommentHint, pulseSend, pulseAnswered, pulseResults, pulseResultsWhenClosed, pulseAnswers
    case pulseByBehaviour, pulseByBehaviourSummary, pulseMean, pulseTeamView, pulseYourView, pulseStatement
    case pulseComments, pulseNoComments, pulseTooFew, navLeadership, navPulse
    case leadershipQuarterOver
    case resourceUnknownPool, resourceOverCapacity
    case leadershipPages, reasonGranted, reasonExceedsCapacity, reasonNoGain, reasonBetterElsewhere, allocationTitle
    case allocationIntro, poolsTitle, poolsIntro, allocationDay, allocationNoPools, poolName
    case poolPeriodKey, poolCapacity, allocationRequested, allocationProposedUse, allocationProposal,
        allocationGainOptimal
    case allocationGainBound, allocationGrant, allocationAmount, allocationUplift, allocationPoints, allocationGain
    case allocationWhy, allocationStatus, allocationNoRate, allocationConfirm, allocationConfirmed, allocationNoRequests
    case allocationOutcomes, allocationOutcomesHint, allocationRequests, allocationExpected, allocationWonValue,
        allocationConfirmedPlans
    case allocationPlanLine, poolKind, poolUnit, poolUnitHint, poolPeriod, poolEdit
    case poolNew, poolSave, poolSaved, dashboardTitle, dashboardTeam, resourcesTitle
    case resourcesIntro, resourcesNone, resourceRequest, resourceUpliftLabel, resourceReason, resourceRequested
    case resourcePeriodLine
    case allocationOpen
    case dashboardIntro, dashboardMonth, dashboardMonthHint, dashboardDays, dashboardStuckDeals, dashboardMedianUnblock
    case dashboardNothingUnblocked, dashboardWhyStuck, dashboardNoneStuck, dashboardWhyStuckSummary, dashboardDeals,
        dashboardHeatmap
    case dashboardHeatmapSummary, dashboardUnblock, dashboardUnblockSummary, dashboardTactics, dashboardTacticsNone,
        dashboardTacticsSummary
    case dashboardTacticLine, dashboardWinRateWith, dashboardOptions, dashboardPlansChosen, dashboardStories,
        dashboardBulletinsUseful
    case dashboardPipeline, dashboardPipelineSummary, dashboardCount, dashboardWithSparring, dashboardWithoutSparring,
        dashboardSparringWin
    case dashboardSparringWinSummary, dashboardWinRate, dashboardSparringCycle, dashboardSparringCycleSummary,
        dashboardMedianCycle, dashboardSparringHidden
    case dashboardBadMonth
    case resourceAsk
    case resetPasswordTitle, resetPasswordIntro, resetPasswordSubmit, temporaryPasswordOnce, passwordMustChange
    case privacyPlaceholder, privacyTitle, privacyIntro, privacySearch, privacyFind, privacyNoMatches
    case privacyColleagues, privacyContacts, privacyContactDeals, privacyMentions, privacyExport, privacyErase
    case privacyEraseConfirm, privacyEraseHint, privacyConfirmMismatch, privacyErased, privacyCannotEraseSelf,
        privacyQueryTooShort
    case errorJSONContentType, errorUnknownField, errorJSONExpectText, errorJSONExpectNumber, errorJSONExpectBoolean,
        errorJSONExpectList
    case errorJSONExpectObject, errorJSONExpectID
    case errorAmountTooLarge
    case importTooManyColumns
    case sellerCannotLead, leadsHint, sellerCannotLeadTeam
    case bulletinDealNotLinked, poolTeamFixed, dealStageOrOutcome
    case auditAccountCreated, auditRoleChanged, auditJoinedTeam, auditLeftTeam, auditDeactivated, auditReactivated,
        auditPasswordReset
    case pulseNotEligible
    case pulseEligibility, pulseTooFewSettled
    case auditTitle, auditIntro, auditNone, auditWhen, auditWho, auditWhat, auditBy, auditCommandLine, auditAsMember
    case pulseSealedWithAnotherKey
    case planReplacedText
    case calendarEventDone
    case importNotTextWorkbook, importNotTextUTF16, importNotText
    case importDerivedKey, importDuplicateDerivedKey
    case importNegativeAmount
    case importBlocked
    case dashboardWhyStuckTied
    case importRows, importRowsOne, importRowsMany, importExamples
    case importCommandDryRun, importCommandRefused, importCommandDone
    case storyHiddenGenitive, storyHiddenLocated, storyHiddenLocating, storyHiddenPerson, storyHiddenTitledPerson
    case noTeamAdmin, noTeamLeader, noTeamCreate, boardNoTeamTitle, dashboardMonthHeading
    case boardMoveConflict, boardMoveFailed, boardReload, dealSavedByYouMeanwhile, dealSavedMeanwhile,
        dealSavedMeanwhileElsewhere, dealNow, dealYours, dealMeanwhileField
    case importUnclosedQuote
    case errorBusyTitle, errorBusy
    case dealSavedMeanwhileUnknown
    case homeAllDue, homeAllFollowUps
}
